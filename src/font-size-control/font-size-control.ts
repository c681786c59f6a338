import { FontSizeControl } from './font-size-control.component.js';

export { FontSizeControl };

FontSizeControl.define('font-size-control');

declare global {
  interface HTMLElementTagNameMap {
    'font-size-control': FontSizeControl;
  }
}
