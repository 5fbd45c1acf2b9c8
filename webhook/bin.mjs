#!/usr/bin/env node
// The `dd-lint-webhook` command of this workspace: the webhook's TypeScript (this folder) is compiled
// with the engine's by the root build into dist/webhook/, where its imports of ../src/ resolve.
import '../dist/webhook/bin.js';
