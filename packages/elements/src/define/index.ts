import './ifls-publisher.js';
import './ifls-player.js';
