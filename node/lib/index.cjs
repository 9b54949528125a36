"use strict";
// CommonJS entry point (package.json "exports" -> require): checks the
// platform, then loads the compiled API (dist/index.js) and its addon.
require("./platform.cjs").check();
module.exports = require("../dist/index.js");
