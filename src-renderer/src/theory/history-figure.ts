/**
 * What every Theory figure drawn from the runs' histories sets up: a redraw tick bumped by the lab's
 * frames and by each new answer of the history feed, both started when the view mounts and stopped
 * when it goes. Call it while the view initializes (it registers `onMount`).
 */
import { onMount } from 'svelte';
import { HistoryFeed, type HistoryStore } from './history-feed';
import { RedrawTick } from './live.svelte';

/** The view's redraw tick and the runs' full histories from the lab (the page's tracks in a replay). */
export function historyFigure(store: HistoryStore): { tick: RedrawTick; feed: HistoryFeed } {
  const tick = new RedrawTick();
  const feed = new HistoryFeed(store, () => tick.value++);
  onMount(() => {
    const stops = [tick.start(store), feed.start()];
    return () => stops.forEach((stop) => stop());
  });
  return { tick, feed };
}
