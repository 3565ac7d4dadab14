package dev.gyre.pipelines;

class InMemoryRunStoreTest extends RunStoreContract {
    @Override
    protected RunStore newStore() {
        return new InMemoryRunStore();
    }
}
