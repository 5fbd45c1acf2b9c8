// The banners of the datadog chart's templates/NOTES.txt: a `####  LEVEL: heading  ####` line
// framed by rows of `#`. A banner is named by its heading, or, when the heading is a generic
// "Configuration notice" / "Deprecation notice", by the first sentence of its body (the message of
// a `fail` when the body is one). Shared by the chart data generator (the template text) and the
// notice expectations (what helm printed), so both name a banner the same way.

/** `####   ERROR: You did not set a datadog.apiKey.   ####` → level and heading. */
const HEADING = /^#{3,}\s+(ERROR|WARNING|INFO|NOTICE|NOTE|NEXT STEP):\s*(.*?)\s*(?:#{3,})?\s*$/;
const GENERIC = /^(?:configuration|deprecation) notice\.?$/i;
const FRAME = /^#{10,}\s*$/;

/** An indented `  WARNING: ...` line inside a banner's body: a banner of its own (Private Action Runner). */
const INLINE = /^\s+(WARNING):\s+(.*\S)\s*$/;

export function parseHeading(line) {
  const m = HEADING.exec(line.trim()) ?? INLINE.exec(line);
  return m ? { printed: m[1], heading: m[2] } : undefined;
}

export const isGeneric = (heading) => GENERIC.test(heading);

/** The first sentence of a text, without its final period, spaces collapsed. */
export function firstSentence(text) {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/\.(?:\s|$)/);
  return (end === -1 ? flat : flat.slice(0, end)).trim();
}

export const bannerName = (heading, body) => (isGeneric(heading) ? firstSentence(body) : heading.replace(/\s+/g, ' ').replace(/\.$/, '').trim());

/**
 * The banners of a NOTES.txt template: name, level, whether its body fails the install, and the
 * template text of the banner (heading to the next heading) for a fingerprint.
 */
export function templateBanners(text) {
  const lines = text.split('\n');
  const starts = lines.flatMap((line, i) => (parseHeading(line) ? [i] : []));
  return starts.map((start, n) => {
    const { printed, heading } = parseHeading(lines[start]);
    const block = lines.slice(start, starts[n + 1] ?? lines.length);
    const bodyLines = block.slice(1).filter((l) => !FRAME.test(l));
    const failed = /\{\{-?\s*fail\s+"((?:[^"\\]|\\.)*)"/.exec(bodyLines.join('\n'));
    // The body's first printed words: a line that is not only template actions (or a fail's message).
    const printedLine = bodyLines.find((l) => l.trim() !== '' && l.replace(/\{\{.*?\}\}/g, '').trim() !== '');
    const firstWords = printedLine !== undefined && (!failed || bodyLines.indexOf(printedLine) < bodyLines.findIndex((l) => l.includes(failed[0]))) ? bodyLines.slice(bodyLines.indexOf(printedLine)).join(' ') : failed?.[1] ?? '';
    const banner = bannerName(heading, firstWords);
    return { banner, printed, ...(failed ? { fail: firstSentence(failed[1]) } : {}), block: block.join('\n') };
  });
}

/**
 * The banners helm printed: the NOTES of `helm install --dry-run`, or the message of the `fail` an
 * install stopped at in NOTES.txt (a banner whose body fails prints nothing else).
 */
export function printedBanners(notes, error) {
  const out = [];
  const lines = notes.split('\n');
  for (const [i, line] of lines.entries()) {
    const h = parseHeading(line);
    if (!h) continue;
    const body = lines.slice(i + 1).filter((l) => !FRAME.test(l)).join('\n');
    out.push(bannerName(h.heading, body.trim()));
  }
  const failed = /execution error at \(\S+\/templates\/NOTES\.txt:\d+:\d+\): (.*)$/m.exec(error ?? '');
  if (failed) out.push(firstSentence(failed[1]));
  return out;
}

/** A banner name as a pattern over printed names: its template actions match any text. */
export function bannerPattern(banner) {
  const parts = banner.split(/\{\{.*?\}\}/);
  return new RegExp(`^${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*?')}$`);
}

/** The chart data's name of a banner helm printed (a `fail` message names its banner); the printed name when none matches. */
export function resolveBanner(printed, chartBanners) {
  const found = chartBanners.find((b) => bannerPattern(b.banner).test(printed) || b.runs.some((r) => r.fail !== undefined && bannerPattern(r.fail).test(printed)));
  return found?.banner ?? printed;
}
