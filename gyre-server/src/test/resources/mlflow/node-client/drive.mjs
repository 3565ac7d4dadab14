// Conformance driver: runs the third-party npm `mlflow` client (pinned to 2.0.7) against a
// server that claims MLflow REST compatibility and checks what the server answers.
//
// How it is run (the Java test does the same in a scratch copy of this folder, so that no
// node_modules/ appears next to the sources):
//
//   npm ci --no-audit --no-fund          # installs exactly what package-lock.json pins
//                                         # (add --offline when the npm cache already has it)
//   MLFLOW_TRACKING_URI=http://127.0.0.1:8080 \
//   MLFLOW_TRACKING_TOKEN=<gyre token> \
//   node drive.mjs
//
// Output: one JSON line per step on stdout:
//   {"step":N,"name":"...","ok":true,"request":{"method":"POST","path":"/api/2.0/mlflow/..."},
//    "status":200,"answer":{...}}
// The client prints every POST body with console.log; those lines go to stderr (prefixed
// "client sent:") so stdout stays one JSON document per line.
//
// Exit codes: 0 every step passed; 1 a step failed (stderr and the last stdout line name the
// step, the reason and what the server answered); 2 bad usage (no MLFLOW_TRACKING_URI).
//
// Authentication: the client's constructor takes `headers`, which it merges into every request,
// so it can send `Authorization: Bearer <token>` without any wrapping. When
// MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD are both set they win, as they do in
// MLflow's Python client, and go out as HTTP Basic. With neither, no Authorization header is sent.
//
// What the client sends, read from its source (lib/*.js of mlflow@2.0.7):
//   - base URL `${endpoint}/api/2.0/mlflow`; GET parameters in the query string (undefined ones
//     dropped), POST bodies as JSON with `Content-Type: application/json`;
//   - every run-scoped call sends both `run_id` and the deprecated `run_uuid` (also log-batch,
//     whose proto has no `run_uuid`: the server must ignore unknown fields);
//   - runs/create sends experiment_id, user_id, start_time, tags and no run_name; the run name
//     travels as the `mlflow.runName` tag;
//   - experiments/list (the 1.x call) with an optional view_type;
//   - metrics/get-history without max_results or page_token, so the whole history must come back
//     in the first page;
//   - any status other than 200 is an error, and the client keeps only the JSON body.
// The client resolves `fetch` when it is loaded (isomorphic-unfetch takes globalThis.fetch
// when there is one), so a recording wrapper installed before the import sees every request.

const uri = (process.env.MLFLOW_TRACKING_URI || '').replace(/\/+$/, '');
if (!uri) {
  process.stderr.write('MLFLOW_TRACKING_URI is not set (e.g. http://127.0.0.1:8080)\n');
  process.exit(2);
}
if (!/^https?:\/\//.test(uri)) {
  process.stderr.write(`MLFLOW_TRACKING_URI must be an http(s) URL, got ${JSON.stringify(uri)}\n`);
  process.exit(2);
}

const authHeaders = {};
{
  const user = process.env.MLFLOW_TRACKING_USERNAME;
  const password = process.env.MLFLOW_TRACKING_PASSWORD;
  const token = process.env.MLFLOW_TRACKING_TOKEN;
  if (user && password) {
    authHeaders.Authorization = 'Basic ' + Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
  } else if (token) {
    authHeaders.Authorization = `Bearer ${token}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Recording fetch: remembers the last exchange, and turns a network failure into an error that
// says what happened (the client wraps errors in `new Error(err)`, which keeps only
// "TypeError: fetch failed" and drops the cause, e.g. ECONNREFUSED).

const nativeFetch = globalThis.fetch;
if (typeof nativeFetch !== 'function') {
  process.stderr.write('this driver needs a Node.js with a global fetch (18 or later)\n');
  process.exit(2);
}
let lastExchange = null;

class NetworkError extends Error {}

globalThis.fetch = async (url, options = {}) => {
  const method = (options.method || 'GET').toUpperCase();
  const u = new URL(String(url));
  lastExchange = { method, url: `${u.origin}${u.pathname}`, path: u.pathname, status: null, answer: null };
  let response;
  try {
    response = await nativeFetch(url, options);
  } catch (e) {
    const cause = e && e.cause ? e.cause : e;
    const code = cause && cause.code ? cause.code : undefined;
    const detail = code === 'ECONNREFUSED' ? 'connection refused' : String((cause && cause.message) || cause);
    lastExchange.error = code ? `${code}: ${detail}` : detail;
    throw new NetworkError(`${method} ${lastExchange.url} failed: ${lastExchange.error}`);
  }
  lastExchange.status = response.status;
  const text = await response.clone().text();
  try {
    lastExchange.answer = text === '' ? null : JSON.parse(text);
  } catch {
    lastExchange.answer = { nonJsonBody: text.length > 500 ? text.slice(0, 500) + '…' : text };
  }
  return response;
};

console.log = (...args) => {
  process.stderr.write('client sent: ' + args.map(String).join(' ') + '\n');
};

let MLflow;
try {
  ({ default: MLflow } = await import('mlflow'));
} catch (e) {
  process.stderr.write(`cannot load the mlflow client (${e.code || e.message}); run "npm ci" in this folder first\n`);
  process.exit(2);
}
const client = new MLflow({ endpoint: uri, headers: authHeaders });
const { Experiments, Runs, Metrics, Artifacts } = client;

// ---------------------------------------------------------------------------------------------
// Steps

class Mismatch extends Error {}

function check(condition, message) {
  if (!condition) {
    throw new Mismatch(message);
  }
}

function isNonEmptyString(v) {
  return typeof v === 'string' && v.length > 0;
}

function sameNumber(a, b) {
  return Number(a) === Number(b);
}

function kv(list) {
  const out = {};
  for (const e of list || []) {
    out[e.key] = e.value;
  }
  return out;
}

let stepNo = 0;

async function step(name, call, verify) {
  stepNo += 1;
  lastExchange = null;
  let answer;
  try {
    answer = await call();
    check(answer !== null && typeof answer === 'object' && !Array.isArray(answer),
      `expected a JSON object, got ${JSON.stringify(answer)}`);
    if (verify) {
      verify(answer);
    }
  } catch (e) {
    fail(name, e);
  }
  const line = { step: stepNo, name, ok: true };
  if (lastExchange) {
    line.request = { method: lastExchange.method, path: lastExchange.path };
    line.status = lastExchange.status;
  }
  line.answer = answer;
  process.stdout.write(JSON.stringify(line) + '\n');
  return answer;
}

function fail(name, e) {
  let reason;
  if (e instanceof Mismatch || e instanceof NetworkError) {
    reason = e.message;
  } else if (lastExchange && lastExchange.status !== null && lastExchange.status !== 200) {
    reason = `HTTP ${lastExchange.status}`;
  } else if (lastExchange && lastExchange.error) {
    reason = `${lastExchange.method} ${lastExchange.url} failed: ${lastExchange.error}`;
  } else {
    reason = String((e && e.message) || e);
  }
  const line = { step: stepNo, name, ok: false, reason };
  if (lastExchange) {
    line.request = { method: lastExchange.method, path: lastExchange.path };
    line.status = lastExchange.status;
    line.answer = lastExchange.answer;
  }
  process.stdout.write(JSON.stringify(line) + '\n');
  const answered = lastExchange && lastExchange.status !== null
    ? `server answered HTTP ${lastExchange.status}: ${JSON.stringify(lastExchange.answer)}`
    : `no answer from the server (is it running at ${uri}?)`;
  process.stderr.write(`FAIL at step ${stepNo} (${name}): ${reason}; ${answered}\n`);
  process.exit(1);
}

const suffix = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const experimentName = `conformance-node-${suffix}`;
const t0 = Date.now();

// 1. experiment
const created = await step('create experiment', () => Experiments.create({ name: experimentName }), (a) => {
  check(isNonEmptyString(a.experiment_id), `experiment_id must be a non-empty string, got ${JSON.stringify(a.experiment_id)}`);
});
const experimentId = created.experiment_id;

await step('get experiment', () => Experiments.get({ experiment_id: experimentId }), (a) => {
  const e = a.experiment;
  check(e && typeof e === 'object', 'answer has no experiment object');
  check(e.experiment_id === experimentId, `experiment_id ${JSON.stringify(e.experiment_id)} != ${experimentId}`);
  check(e.name === experimentName, `name ${JSON.stringify(e.name)} != ${experimentName}`);
  check(e.lifecycle_stage === 'active', `lifecycle_stage ${JSON.stringify(e.lifecycle_stage)} != "active"`);
  check(isNonEmptyString(e.artifact_location), 'artifact_location missing');
});

// 2. runs (a second, worse run lets search prove its filter and its ordering)
function checkNewRun(a, runName) {
  const r = a.run;
  check(r && r.info, 'answer has no run.info');
  check(isNonEmptyString(r.info.run_id), 'run.info.run_id missing');
  check(r.info.run_uuid === r.info.run_id, `run.info.run_uuid ${JSON.stringify(r.info.run_uuid)} != run_id ${r.info.run_id}`);
  check(r.info.experiment_id === experimentId, `run.info.experiment_id ${JSON.stringify(r.info.experiment_id)} != ${experimentId}`);
  check(r.info.status === 'RUNNING', `run.info.status ${JSON.stringify(r.info.status)} != "RUNNING"`);
  check(r.info.lifecycle_stage === 'active', `run.info.lifecycle_stage ${JSON.stringify(r.info.lifecycle_stage)} != "active"`);
  check(sameNumber(r.info.start_time, t0), `run.info.start_time ${JSON.stringify(r.info.start_time)} != ${t0}`);
  check(r.info.run_name === runName, `run.info.run_name ${JSON.stringify(r.info.run_name)} != ${runName} (from tag mlflow.runName)`);
  check(isNonEmptyString(r.info.artifact_uri), 'run.info.artifact_uri missing');
}

const runA = await step('create run', () => Runs.create({
  experiment_id: experimentId,
  start_time: t0,
  tags: [{ key: 'mlflow.runName', value: 'candidate' }],
}), (a) => checkNewRun(a, 'candidate'));
const runId = runA.run.info.run_id;

const runB = await step('create second run', () => Runs.create({
  experiment_id: experimentId,
  start_time: t0,
  tags: [{ key: 'mlflow.runName', value: 'baseline' }],
}), (a) => {
  checkNewRun(a, 'baseline');
  check(a.run.info.run_id !== runId, 'second run got the same run_id');
});
const baselineId = runB.run.info.run_id;

// 3. params (the same value twice is allowed)
for (const [key, value] of [['lr', '0.01'], ['optimizer', 'adam'], ['optimizer', 'adam']]) {
  await step(`log param ${key}`, () => Runs.logParameter({ run_id: runId, key, value }));
}

// 4. metrics at several steps
const lossPoints = [
  { value: 1.0, step: 0, timestamp: t0 + 1 },
  { value: 0.5, step: 1, timestamp: t0 + 2 },
  { value: 0.25, step: 2, timestamp: t0 + 3 },
];
for (const p of lossPoints) {
  await step(`log metric loss step ${p.step}`, () => Runs.logMetric({ run_id: runId, key: 'loss', ...p }));
}

// 5. log-batch: more metrics, a param and a tag at once
const batchLoss = { key: 'loss', value: 0.125, step: 3, timestamp: t0 + 4 };
await step('log batch', () => Runs.logBatch({
  run_id: runId,
  metrics: [
    batchLoss,
    { key: 'accuracy', value: 0.7, step: 0, timestamp: t0 + 1 },
    { key: 'accuracy', value: 0.9, step: 3, timestamp: t0 + 4 },
  ],
  params: [{ key: 'batch_size', value: '32' }],
  tags: [{ key: 'team', value: 'conformance' }],
}));

await step('log batch on second run', () => Runs.logBatch({
  run_id: baselineId,
  metrics: [
    { key: 'loss', value: 0.75, step: 0, timestamp: t0 + 1 },
    { key: 'accuracy', value: 0.4, step: 0, timestamp: t0 + 1 },
  ],
  params: [{ key: 'optimizer', value: 'sgd' }],
  tags: [{ key: 'phase', value: 'eval' }],
}));

// 6. tags: last write wins
await step('set tag', () => Runs.setTag({ run_id: runId, key: 'phase', value: 'train' }));
await step('set tag again', () => Runs.setTag({ run_id: runId, key: 'phase', value: 'eval' }));

await step('get run', () => Runs.get({ run_id: runId }), (a) => {
  const r = a.run;
  check(r && r.info && r.data, 'answer has no run.info / run.data');
  check(r.info.run_id === runId, `run.info.run_id ${JSON.stringify(r.info.run_id)} != ${runId}`);
  const params = kv(r.data.params);
  check(params.lr === '0.01' && params.optimizer === 'adam' && params.batch_size === '32',
    `run.data.params ${JSON.stringify(r.data.params)} != lr=0.01, optimizer=adam, batch_size=32`);
  const tags = kv(r.data.tags);
  check(tags.phase === 'eval', `tag phase ${JSON.stringify(tags.phase)} != "eval" (last write wins)`);
  check(tags.team === 'conformance', `tag team ${JSON.stringify(tags.team)} != "conformance"`);
  check(tags['mlflow.runName'] === 'candidate', `tag mlflow.runName ${JSON.stringify(tags['mlflow.runName'])} != "candidate"`);
  const metrics = r.data.metrics || [];
  const loss = metrics.filter((m) => m.key === 'loss');
  check(loss.length === 1, `run.data.metrics must hold one (the latest) loss, got ${JSON.stringify(loss)}`);
  check(sameNumber(loss[0].value, 0.125) && sameNumber(loss[0].step, 3) && sameNumber(loss[0].timestamp, t0 + 4),
    `latest loss ${JSON.stringify(loss[0])} != value 0.125 at step 3, timestamp ${t0 + 4}`);
  const acc = metrics.filter((m) => m.key === 'accuracy');
  check(acc.length === 1 && sameNumber(acc[0].value, 0.9), `latest accuracy ${JSON.stringify(acc)} != 0.9`);
});

// 7. search: filter + order-by
await step('search runs (filter, order by)', () => Runs.search({
  experiment_ids: [experimentId],
  filter: "metrics.loss < 1 and tags.phase = 'eval'",
  order_by: ['metrics.accuracy DESC'],
  max_results: 10,
}), (a) => {
  const ids = (a.runs || []).map((r) => r.info && r.info.run_id);
  check(JSON.stringify(ids) === JSON.stringify([runId, baselineId]),
    `expected runs [${runId}, ${baselineId}] (accuracy 0.9 before 0.4), got ${JSON.stringify(ids)}`);
});

await step('search runs (param filter)', () => Runs.search({
  experiment_ids: [experimentId],
  filter: "params.optimizer = 'adam' and metrics.accuracy >= 0.9",
  max_results: 10,
}), (a) => {
  const ids = (a.runs || []).map((r) => r.info && r.info.run_id);
  check(JSON.stringify(ids) === JSON.stringify([runId]), `expected only ${runId}, got ${JSON.stringify(ids)}`);
});

// 8. metric history: every point, in any order
await step('get metric history', () => Metrics.getHistory({ run_id: runId, metric_key: 'loss' }), (a) => {
  const got = (a.metrics || [])
    .map((m) => ({ key: m.key, value: Number(m.value), step: Number(m.step), timestamp: Number(m.timestamp) }))
    .sort((x, y) => x.step - y.step || x.timestamp - y.timestamp);
  const want = [...lossPoints.map((p) => ({ key: 'loss', ...p })), batchLoss]
    .map((m) => ({ key: m.key, value: m.value, step: m.step, timestamp: m.timestamp }));
  check(JSON.stringify(got) === JSON.stringify(want),
    `history ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
  check(!a.next_page_token, `whole history expected in one page, got next_page_token ${JSON.stringify(a.next_page_token)}`);
});

// 9. finish the run
const endTime = Date.now();
await step('update run to FINISHED', () => Runs.update({ run_id: runId, status: 'FINISHED', end_time: endTime }), (a) => {
  const i = a.run_info;
  check(i && typeof i === 'object', 'answer has no run_info');
  check(i.run_id === runId, `run_info.run_id ${JSON.stringify(i.run_id)} != ${runId}`);
  check(i.status === 'FINISHED', `run_info.status ${JSON.stringify(i.status)} != "FINISHED"`);
  check(sameNumber(i.end_time, endTime), `run_info.end_time ${JSON.stringify(i.end_time)} != ${endTime}`);
});

await step('get run after update', () => Runs.get({ run_id: runId }), (a) => {
  const i = a.run && a.run.info;
  check(i && i.status === 'FINISHED', `run.info.status ${JSON.stringify(i && i.status)} != "FINISHED"`);
  check(sameNumber(i.end_time, endTime), `run.info.end_time ${JSON.stringify(i.end_time)} != ${endTime}`);
});

// 10. the 1.x experiments/list
await step('list experiments (1.x)', () => Experiments.list(), (a) => {
  const found = (a.experiments || []).find((e) => e.experiment_id === experimentId);
  check(found, `experiment ${experimentId} not in experiments/list answer`);
  check(found.name === experimentName, `listed name ${JSON.stringify(found.name)} != ${experimentName}`);
});

// 11. artifacts of a run that has none yet
await step('list artifacts', () => Artifacts.list({ run_id: runId }), (a) => {
  check(isNonEmptyString(a.root_uri), `root_uri must be a non-empty string, got ${JSON.stringify(a.root_uri)}`);
  check(a.files === undefined || (Array.isArray(a.files) && a.files.length === 0),
    `a run without artifacts must list no files, got ${JSON.stringify(a.files)}`);
});

process.stdout.write(JSON.stringify({ done: true, steps: stepNo, experiment_id: experimentId, run_id: runId }) + '\n');
process.stderr.write(`all ${stepNo} steps passed\n`);
