import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { connectLab } from './lib/connect';
import { LabStore } from './lib/lab.svelte';
import { createSwitchableLab } from './replay/switch';

const target = document.getElementById('app')!;

try {
  const connection = await connectLab();
  // A recording opened in the page replays in the live lab's place (see replay/switch.ts).
  const store = new LabStore(createSwitchableLab(connection.api), connection.api);
  connection.onClose(() => (store.disconnected = true));
  mount(App, { target, props: { store } });
} catch (error) {
  const p = document.createElement('p');
  p.className = 'fatal';
  p.setAttribute('role', 'alert');
  p.textContent = `SGD Lab could not reach the lab: ${error instanceof Error ? error.message : String(error)}`;
  target.replaceChildren(p);
}
