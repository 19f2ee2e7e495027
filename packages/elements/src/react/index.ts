// React components of both elements (`@ifls/elements/react`), made with @lit/react. Importing
// this module registers both tags, as `@ifls/elements/define/index.js` does.
export { IflsPublisher, type IflsPublisherProps } from './ifls-publisher.js';
export { IflsPlayer, type IflsPlayerProps } from './ifls-player.js';
