#!/usr/bin/env node
// The CLI lives in the compiled package; run `npm run build` first when working from a checkout.
import '../dist/cli.js';
