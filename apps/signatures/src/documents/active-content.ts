import { PDFArray, PDFDict, PDFName, PDFStream, type PDFDocument, type PDFObject } from 'pdf-lib';

/**
 * What a document can do besides being read, by the stable names the API answers in
 * `activeContent` (README, "Signatures"): scripts, program launches, attached files, Flash/3D
 * media, XFA forms. A signature must not vouch for any of it: what it does is not what is seen.
 */
export const ACTIVE_CONTENT = ['javascript', 'launch', 'embedded-file', 'rich-media', 'xfa'] as const;
export type ActiveContent = (typeof ACTIVE_CONTENT)[number];

const name = (value: string) => PDFName.of(value);
const KEYS: ReadonlyArray<[PDFName, ActiveContent]> = [
  [name('JS'), 'javascript'],
  // The catalog's /Names /JavaScript tree: document-level scripts run on open.
  [name('JavaScript'), 'javascript'],
  [name('EmbeddedFiles'), 'embedded-file'],
  [name('EF'), 'embedded-file'],
  [name('XFA'), 'xfa'],
];
/** `/S` of an action, `/Type` or `/Subtype` of an object. */
const KINDS: ReadonlyArray<[PDFName, PDFName, ActiveContent]> = [
  [name('S'), name('JavaScript'), 'javascript'],
  [name('S'), name('Launch'), 'launch'],
  [name('Type'), name('EmbeddedFile'), 'embedded-file'],
  [name('Subtype'), name('RichMedia'), 'rich-media'],
];

/**
 * Walks every object pdf-lib read — of all revisions, those in compressed object streams
 * included, referenced or not (all of them are carried into the document that is signed) — rather
 * than following the catalog: an action can hang off a page's /AA, an annotation's /A, an outline
 * item, a form field, or an object nothing points to yet. Answers the kinds found, in the order of
 * ACTIVE_CONTENT.
 */
export function findActiveContent(document: PDFDocument): ActiveContent[] {
  const found = new Set<ActiveContent>();
  for (const [, object] of document.context.enumerateIndirectObjects()) inspect(object, found);
  return ACTIVE_CONTENT.filter((kind) => found.has(kind));
}

/** Direct objects only: indirect ones are enumerated on their own, so reference cycles cannot loop. */
function inspect(object: PDFObject, found: Set<ActiveContent>): void {
  if (object instanceof PDFStream) {
    inspect(object.dict, found);
  } else if (object instanceof PDFArray) {
    for (const element of object.asArray()) inspect(element, found);
  } else if (object instanceof PDFDict) {
    for (const [key, kind] of KEYS) if (object.has(key)) found.add(kind);
    for (const [key, value, kind] of KINDS) if (object.get(key) === value) found.add(kind);
    for (const [, value] of object.entries()) inspect(value, found);
  }
}
