#!/bin/sh
# The image's entry point: finds the model package, then runs `gyre serve` on all interfaces.
#
# The package is, in this order:
#   GYRE_MODEL=NAME/VERSION   fetched at start from the platform at GYRE_URL, with the API token GYRE_TOKEN (or the
#                             file GYRE_TOKEN_FILE, e.g. a mounted secret), from
#                             $GYRE_URL/api/v1/models/NAME/versions/VERSION/package
#   GYRE_PACKAGE              a file, by default /models/model.zip (mount it)
# Arguments are passed on to gyre serve (e.g. --name titanic); `gyre-serve --help` shows its options.
set -eu

main="dev.gyre.cli.Main"
cp="/opt/gyre/gyre-cli.jar:/opt/gyre/lib/*"
cds=""
[ -f /opt/gyre/gyre.jsa ] && cds="-XX:SharedArchiveFile=/opt/gyre/gyre.jsa -Xlog:cds=off -Xlog:cds+dynamic=off"

case "${1:-}" in
  -h | --help)
    # shellcheck disable=SC2086  # JAVA_OPTS and cds hold several options on purpose
    exec java $cds ${JAVA_OPTS:-} -cp "$cp" "$main" serve --help ;;
esac

package="${GYRE_PACKAGE:-/models/model.zip}"
if [ -n "${GYRE_MODEL:-}" ]; then
  [ -n "${GYRE_URL:-}" ] || { echo "gyre-serve: GYRE_MODEL is set; set GYRE_URL to the platform's address too" >&2; exit 2; }
  case "$GYRE_MODEL" in
    */*) ;;
    *) echo "gyre-serve: GYRE_MODEL must be NAME/VERSION, e.g. titanic/3 (got '$GYRE_MODEL')" >&2; exit 2 ;;
  esac
  token="${GYRE_TOKEN:-}"
  if [ -z "$token" ] && [ -n "${GYRE_TOKEN_FILE:-}" ]; then token="$(cat "$GYRE_TOKEN_FILE")"; fi
  name="${GYRE_MODEL%%/*}"; version="${GYRE_MODEL#*/}"
  package="${GYRE_HOME:-/data}/$name-$version.zip"
  echo "gyre-serve: fetching $name version $version from $GYRE_URL" >&2
  if [ -n "$token" ]; then
    curl -fsS --retry 5 --retry-connrefused -H "Authorization: Bearer $token" -o "$package.part" \
      "${GYRE_URL%/}/api/v1/models/$name/versions/$version/package"
  else
    curl -fsS --retry 5 --retry-connrefused -o "$package.part" \
      "${GYRE_URL%/}/api/v1/models/$name/versions/$version/package"
  fi
  mv -f "$package.part" "$package"
fi
[ -f "$package" ] || {
  echo "gyre-serve: no model package at $package: mount one (-v ./model.zip:/models/model.zip:ro), set GYRE_PACKAGE," \
    "or set GYRE_MODEL=NAME/VERSION and GYRE_URL to fetch it from the platform" >&2
  exit 2
}

# shellcheck disable=SC2086  # JAVA_OPTS and cds hold several options on purpose
exec java $cds ${JAVA_OPTS:-} -cp "$cp" "$main" serve --package "$package" --host 0.0.0.0 \
  --port "${GYRE_PORT:-8080}" "$@"
