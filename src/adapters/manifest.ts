/** A Kubernetes object of the manifests (or an admitted object): the model reads it as written. Claims every document: it is the registry's last resort. */
import type { DocumentAdapter } from './types.js';

export const manifestAdapter: DocumentAdapter = {
  name: 'Kubernetes manifest',
  readDocument: (doc) => ({ releases: [], documents: [doc] }),
};
