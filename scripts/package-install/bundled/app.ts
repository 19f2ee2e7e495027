// The page's own module, as an application writes it: it registers both tags from the installed
// @ifls/elements; esbuild bundles it with everything they import.
import '@ifls/elements/define/ifls-publisher.js';
import '@ifls/elements/define/ifls-player.js';
