/**
 * The current network's data (`ModelDataView`) for a component, fetched again whenever the experiment's
 * loss or seed changes (a reactive holder: `data` is null while there is none or it is on its way).
 */
import type { ModelDataView } from '../../../../shared/contract/network';
import type { LabStore } from '../../lib/lab.svelte';
import { fetchModelData } from '../../lib/decision-data';

/** The reactive holder described above. */
export class ModelDataHolder {
  data = $state.raw<ModelDataView | null>(null);
  private key = '';
  private asked = 0;

  constructor(private readonly storeOf: () => LabStore) {}

  /** Call from an effect: asks for the data when the experiment's network or data changed. */
  refresh(): void {
    const store = this.storeOf();
    const e = store.experiment;
    const key = e?.loss.model ? `${e.seed}:${JSON.stringify(e.loss)}` : '';
    if (key === this.key) return;
    this.key = key;
    const ask = ++this.asked;
    if (!e || !key) {
      this.data = null;
      return;
    }
    void fetchModelData(store.api, e).then((d) => {
      if (ask === this.asked) this.data = d;
    });
  }
}
