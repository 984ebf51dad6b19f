/**
 * The sandboxed preload: exposes `window.lab`, the domain API (`LabApi`) and nothing else — no
 * ipcRenderer, no channel names, no Node.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createLabApi } from '../../shared/contract/lab-api';
import { createIpcTransport } from './ipc-transport';

contextBridge.exposeInMainWorld('lab', createLabApi(createIpcTransport(ipcRenderer), { desktop: true }));
