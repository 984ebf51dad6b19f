/**
 * Which views show the lab. Each view reports its own visibility under an id it picked; the lab is
 * visible while any reporting view is (or while none has reported: the desktop window, the CLI). A
 * hidden tab therefore never blanks another tab, and a reloaded page, whose old view never reports
 * again, does not blank the new one. Views that stopped reporting age out beyond `limit` entries.
 */
export class ViewVisibility {
  private readonly views = new Map<string, boolean>();

  constructor(private readonly limit = 32) {}

  get visible(): boolean {
    if (this.views.size === 0) return true;
    for (const shown of this.views.values()) if (shown) return true;
    return false;
  }

  /** Records one view's report; answers whether the lab's visibility changed. */
  report(view: string, visible: boolean): boolean {
    const before = this.visible;
    this.views.delete(view);
    this.views.set(view, visible);
    while (this.views.size > this.limit) this.views.delete(this.views.keys().next().value!);
    return this.visible !== before;
  }
}
