/**
 * The chart's inline warning in its Private Action Runner banners: with `identityFromExistingSecret`
 * (and no self-enrollment) the inline `urn` and `privateKey` are ignored. Points at the credential
 * that is set; the values themselves are secrets and never shown.
 */
import type { RuleHit } from '../../model/finding.js';
import type { Model } from '../../model/types.js';
import { noticeOrigin, releasesPrinting } from './notices.js';
import { switchedOn } from './switched-on.js';

export function ignoredCredentials(model: Model, runner: string, banner: string, message: (keys: string[]) => string): RuleHit[] {
  return releasesPrinting(model.releases, banner).flatMap((release): RuleHit[] => {
    const on = (key: string) => switchedOn(release, [`${runner}.${key}`]).length > 0;
    // The chart's order: self-enrollment wins, then the existing secret.
    if (!on('enabled') || on('selfEnroll') || !on('identityFromExistingSecret')) return [];
    const credentials = switchedOn(release, [`${runner}.privateKey`, `${runner}.urn`]);
    return credentials.length === 0 ? [] : [{ message: message(credentials), origin: noticeOrigin(release, credentials) }];
  });
}
