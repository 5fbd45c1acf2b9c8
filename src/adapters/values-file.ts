/**
 * Helm values files given as positional inputs: each is its own release. A text that is plainly a
 * values file (one document, no top-level `kind:` line, no apiVersion or kind key once read) is
 * read once, the way Helm reads it; anything else goes to the documents (./registry.ts), which tell
 * values from manifests by parsing: parsing a values file twice made it twice as slow.
 */
import { InputError } from '../load/input-error.js';
import { parseHelmYaml } from '../load/helm-yaml.js';
import type { SourceText } from '../load/inputs.js';
import type { AdapterContext, InputParts, TextAdapter } from './types.js';

/** Document markers at the start of a line (`---`, `...`) and directives (`%YAML`). */
const MARKER_OR_DIRECTIVE = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)|^%/gm;

export const valuesFileAdapter: TextAdapter = {
  name: 'values file',
  readText({ file, text }: SourceText, context: AdapterContext): InputParts | undefined {
    if (/^["']?kind["']?[ \t]*:/m.test(text)) return undefined;
    for (const marker of text.matchAll(MARKER_OR_DIRECTIVE)) if (marker.index > 1 || marker[0] === '%') return undefined;
    let parsed;
    try {
      parsed = parseHelmYaml(file, text);
    } catch (err) {
      if (err instanceof InputError) return undefined;
      throw err;
    }
    if (parsed.value.apiVersion !== undefined || parsed.value.kind !== undefined) return undefined;
    return valuesRelease([parsed], context);
  },
};

/** A values file that only parsing its documents could tell from manifests. */
export function valuesFromText(source: SourceText, context: AdapterContext): InputParts {
  return valuesRelease([parseHelmYaml(source.file, source.text)], context);
}

function valuesRelease(values: InputParts['releases'][number]['values'], context: AdapterContext): InputParts {
  return { releases: [{ values, sets: context.sets }], documents: [] };
}
