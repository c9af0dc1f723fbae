/** Webview entry: mounts the training-curves panel and says `ready` to the host. */
import 'uplot/dist/uPlot.min.css';
import { installDebugHook } from './debug-hook';
import { PanelApp } from './panel-app';

const root = document.getElementById('fitwatch-root');
if (!root) throw new Error('Fitwatch panel: #fitwatch-root is missing from the page; the HTML must come from renderPanelHtml().');
installDebugHook(new PanelApp(root, acquireVsCodeApi()));
