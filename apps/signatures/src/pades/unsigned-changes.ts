import { dictOf, isRef, nameOf, refsIn, sameValue, type PdfDict, type PdfValue } from './pdf-syntax';
import type { ObjectLocation, PdfRevisions, RevisionView } from './pdf-revisions';

export const UNSIGNED_CHANGE_KINDS = ['page-content', 'annotation', 'form-field', 'catalog', 'unknown'] as const;
export type UnsignedChangeKind = (typeof UNSIGNED_CHANGE_KINDS)[number];

/** A change an incremental update made to what an earlier signer saw, and that no rule permits. */
export interface UnsignedChange {
  revision: number;
  kind: UnsignedChangeKind;
  /** 1-based, for changes to a page or its annotations. */
  page?: number;
}

/** Revisions compared after a signature; a crafted file with thousands of updates gets `unknown` for the rest. */
const MAX_COMPARED_REVISIONS = 50;
/** How far a crafted document may make the reference walks go. */
const MAX_REACHABLE = 200_000;
const MAX_PAGE_TREE_DEPTH = 64;

/**
 * The changes each revision after `afterRevision` makes, compared object by object with the
 * revision before it (ISO 32000-1, 12.8.2.2: what may follow a signature). Permitted, as long as
 * nothing else changes: a later signature's own dictionary, its field and widget (added to a page's
 * `/Annots` and the form's `/Fields`, with `/SigFlags`), the objects its appearance uses, a `/DSS`
 * (with `/VRI`, certificates, OCSP responses, CRLs) and a document timestamp. Everything else is
 * classified by what the changed object was to the revision before: a page's content or resources
 * → `page-content`, an annotation → `annotation`, a form field → `form-field`, the catalog or page
 * tree → `catalog`; anything not recognised → `unknown` (fails closed).
 */
export function findUnsignedChanges(document: PdfRevisions, afterRevision: number): UnsignedChange[] {
  const changes: UnsignedChange[] = [];
  for (let number = afterRevision + 1; number <= document.revisions.length; number++) {
    if (number > afterRevision + MAX_COMPARED_REVISIONS) {
      changes.push({ revision: number, kind: 'unknown' });
      break;
    }
    const before = document.view(number - 1);
    const after = document.view(number);
    const found = before && after ? compareRevisions(before, after) : [{ kind: 'unknown' as const }];
    const seen = new Set<string>();
    for (const change of found) {
      const key = `${change.kind}:${change.page ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      changes.push({ revision: number, ...change });
    }
  }
  return changes;
}

type Change = Omit<UnsignedChange, 'revision'>;

/** What an object was to the revision before the update, as far as the update rules care. */
type Role =
  | { type: 'catalog' | 'catalog-part' | 'page-tree' | 'form' | 'fields' | 'dss' | 'signature' }
  | { type: 'page'; page: number }
  | { type: 'page-content'; page: number }
  | { type: 'annots'; page: number }
  | { type: 'annotation'; page: number }
  | { type: 'field' };

function compareRevisions(before: RevisionView, after: RevisionView): Change[] {
  const roles = rolesIn(before);
  const changes: Change[] = [];
  const changed = new Set<number>();
  for (const num of new Set([...before.entries.keys(), ...after.entries.keys()])) {
    if (!sameLocation(before.entries.get(num), after.entries.get(num))) changed.add(num);
  }
  const rootBefore = before.trailer.entries.get('Root');
  const rootAfter = after.trailer.entries.get('Root');
  const roots: number[] = [];
  if (!sameValue(rootBefore, rootAfter)) {
    changes.push({ kind: 'catalog' });
    if (isRef(rootAfter)) roots.push(rootAfter.num);
  }
  if (!sameValue(before.trailer.entries.get('Encrypt'), after.trailer.entries.get('Encrypt'))) changes.push({ kind: 'unknown' });
  if (!sameValue(before.trailer.entries.get('Info'), after.trailer.entries.get('Info'))) changes.push({ kind: 'unknown' });

  // New signature fields the update adds: their objects (dictionary, appearance) are permitted.
  const permitted = new Set<number>();
  const judge = new UpdateRules(before, after, permitted);
  for (const num of changed) {
    const previous = before.object(num);
    const next = after.object(num);
    if (previous !== undefined && next !== undefined && sameValue(previous, next)) continue;
    const role = roles.get(num);
    if (previous === undefined && role === undefined) continue; // a new object: judged by what refers to it
    roots.push(num);
    const change = judge.change(role, previous, next);
    if (change) changes.push(change);
  }
  // A new object nothing changed or permitted refers to is an orphan the rules cannot place.
  const starts = new Set([...roots, ...permitted, ...dssOf(after)]);
  const reachable = reachableFrom(after, [...starts], (num) => starts.has(num) || before.object(num) === undefined);
  for (const num of changed) {
    if (before.object(num) !== undefined || roles.has(num)) continue;
    const value = after.object(num);
    if (value === undefined || reachable.has(num) || nameOf(dictOf(value)?.entries.get('Type')) === 'XRef') continue;
    changes.push({ kind: 'unknown' });
  }
  return changes;
}

function sameLocation(a: ObjectLocation | undefined, b: ObjectLocation | undefined): boolean {
  if (!a || !b) return a === b || (a?.type ?? 'free') === (b?.type ?? 'free');
  if (a.type === 'offset' && b.type === 'offset') return a.offset === b.offset;
  if (a.type === 'compressed' && b.type === 'compressed') return a.stream === b.stream && a.index === b.index;
  return a.type === b.type;
}

/** Judges one changed object by its role in the revision before and the permitted-update rules. */
class UpdateRules {
  constructor(
    private readonly before: RevisionView,
    private readonly after: RevisionView,
    private readonly permitted: Set<number>,
  ) {}

  change(role: Role | undefined, previous: PdfValue | undefined, next: PdfValue | undefined): Change | undefined {
    if (!role) return { kind: 'unknown' };
    const removed = next === undefined;
    switch (role.type) {
      case 'catalog':
        return !removed && this.catalogChangeIsPermitted(dictOf(previous), dictOf(next)) ? undefined : { kind: 'catalog' };
      case 'catalog-part':
      case 'page-tree':
        return { kind: 'catalog' };
      case 'page':
        return removed ? { kind: 'page-content', page: role.page } : this.pageChange(role.page, dictOf(previous), dictOf(next));
      case 'page-content':
        return { kind: 'page-content', page: role.page };
      case 'annots':
        return !removed && this.onlyAddsSignatureFields(previous, next) ? undefined : { kind: 'annotation', page: role.page };
      case 'annotation':
        if (!removed && this.signsEmptySignatureField(dictOf(previous), dictOf(next))) return undefined;
        return isFormField(this.before, dictOf(previous)) ? { kind: 'form-field' } : { kind: 'annotation', page: role.page };
      case 'form':
        return !removed && this.formChangeIsPermitted(dictOf(previous), dictOf(next)) ? undefined : { kind: 'form-field' };
      case 'fields':
        return !removed && this.onlyAddsSignatureFields(previous, next) ? undefined : { kind: 'form-field' };
      case 'field':
        return !removed && this.signsEmptySignatureField(dictOf(previous), dictOf(next)) ? undefined : { kind: 'form-field' };
      case 'dss':
        return removed ? { kind: 'unknown' } : undefined;
      case 'signature':
        return { kind: 'unknown' };
    }
  }

  private catalogChangeIsPermitted(previous: PdfDict | undefined, next: PdfDict | undefined): boolean {
    if (!previous || !next) return false;
    for (const key of new Set([...previous.entries.keys(), ...next.entries.keys()])) {
      const [a, b] = [previous.entries.get(key), next.entries.get(key)];
      if (sameValue(a, b)) continue;
      if (key === 'DSS' || key === 'Extensions') continue; // validation data (PAdES LTV) and the extension level naming it
      if (key === 'AcroForm' && b !== undefined && this.formChangeIsPermitted(dictOf(this.before.deref(a)), dictOf(this.after.deref(b))))
        continue;
      return false;
    }
    return true;
  }

  private formChangeIsPermitted(previous: PdfDict | undefined, next: PdfDict | undefined): boolean {
    if (!next) return false;
    for (const key of new Set([...(previous?.entries.keys() ?? []), ...next.entries.keys()])) {
      const [a, b] = [previous?.entries.get(key), next.entries.get(key)];
      if (sameValue(a, b) || key === 'SigFlags') continue;
      if (key === 'Fields' && this.onlyAddsSignatureFields(this.before.deref(a) ?? [], this.after.deref(b))) continue;
      return false;
    }
    return true;
  }

  private pageChange(page: number, previous: PdfDict | undefined, next: PdfDict | undefined): Change | undefined {
    if (!previous || !next) return { kind: 'page-content', page };
    let annotsChanged = false;
    for (const key of new Set([...previous.entries.keys(), ...next.entries.keys()])) {
      const [a, b] = [previous.entries.get(key), next.entries.get(key)];
      if (sameValue(a, b)) continue;
      if (key !== 'Annots') return { kind: 'page-content', page };
      annotsChanged = !this.onlyAddsSignatureFields(this.before.deref(a) ?? [], this.after.deref(b));
    }
    return annotsChanged ? { kind: 'annotation', page } : undefined;
  }

  /** An array of references (annotations, fields) that keeps every entry and adds only new signature fields. */
  private onlyAddsSignatureFields(previous: PdfValue | undefined, next: PdfValue | undefined): boolean {
    if (!Array.isArray(previous) || !Array.isArray(next) || next.length < previous.length) return false;
    if (!previous.every((item, i) => sameValue(item, next[i]))) return false;
    for (const added of next.slice(previous.length)) {
      if (!isRef(added) || this.before.object(added.num) !== undefined || !this.carriesNewSignature(dictOf(this.after.object(added.num))))
        return false;
      this.permit(added.num);
    }
    return true;
  }

  /** An unsigned signature field that gets its signature (`/V`) and appearance, nothing else. */
  private signsEmptySignatureField(previous: PdfDict | undefined, next: PdfDict | undefined): boolean {
    if (!previous || !next || fieldType(this.before, previous) !== 'Sig' || previous.entries.has('V') || !this.carriesNewSignature(next))
      return false;
    for (const key of new Set([...previous.entries.keys(), ...next.entries.keys()])) {
      if (!sameValue(previous.entries.get(key), next.entries.get(key)) && key !== 'V' && key !== 'AP' && key !== 'AS') return false;
    }
    for (const ref of refsIn(next.entries.get('V')).concat(refsIn(next.entries.get('AP')))) this.permit(ref.num);
    return true;
  }

  /**
   * A field of type /Sig (or its widget) whose value is a signature or document timestamp
   * dictionary new in this update: only a later signature brings its own field. (An empty one, or
   * one pointing at an earlier signature, could carry an appearance over the page unsigned.)
   */
  private carriesNewSignature(field: PdfDict | undefined): boolean {
    if (!field || fieldType(this.after, field) !== 'Sig') return false;
    const value = field.entries.get('V');
    if (!isRef(value) || this.before.object(value.num) !== undefined) return false;
    const signature = dictOf(this.after.object(value.num));
    const type = nameOf(signature?.entries.get('Type'));
    return Boolean(signature && (type === 'Sig' || type === 'DocTimeStamp' || (type === undefined && signature.entries.has('ByteRange'))));
  }

  /** The new objects a permitted object brings (its signature dictionary, appearance streams and their resources). */
  private permit(num: number): void {
    const isNew = (n: number) => this.before.object(n) === undefined;
    for (const reached of reachableFrom(this.after, [num], isNew)) if (isNew(reached)) this.permitted.add(reached);
  }
}

function fieldType(view: RevisionView, field: PdfDict): string | undefined {
  let node: PdfDict | undefined = field;
  for (let depth = 0; node && depth < 32; depth++) {
    const type = nameOf(node.entries.get('FT'));
    if (type) return type;
    node = dictOf(view.deref(node.entries.get('Parent')));
  }
  return undefined;
}

function isFormField(view: RevisionView, annotation: PdfDict | undefined): boolean {
  return Boolean(annotation && fieldType(view, annotation));
}

function dssOf(view: RevisionView): number[] {
  const catalog = dictOf(view.deref(view.trailer.entries.get('Root')));
  const dss = catalog?.entries.get('DSS');
  return isRef(dss) ? [dss.num] : refsIn(dss).map((ref) => ref.num);
}

/** The object numbers reachable from `starts` by references, bounded; only objects `descend` accepts are looked into. */
function reachableFrom(view: RevisionView, starts: number[], descend: (num: number) => boolean = () => true): Set<number> {
  const seen = new Set<number>();
  const queue = [...starts];
  while (queue.length && seen.size < MAX_REACHABLE) {
    const num = queue.pop()!;
    if (seen.has(num)) continue;
    seen.add(num);
    if (!descend(num)) continue;
    for (const ref of refsIn(view.object(num))) if (!seen.has(ref.num)) queue.push(ref.num);
  }
  return seen;
}

/**
 * The role of each object in `view`: the catalog, the page tree, each page with its content
 * streams, everything its resources reach, its annotations and their appearances, the form with
 * its fields, signature dictionaries and the DSS. Object numbers count even when the object is
 * missing: defining a number the document already referred to is a change too.
 */
function rolesIn(view: RevisionView): Map<number, Role> {
  const roles = new Map<number, Role>();
  const assign = (num: number, role: Role) => {
    if (!roles.has(num)) roles.set(num, role);
  };
  const root = view.trailer.entries.get('Root');
  const catalog = dictOf(view.deref(root));
  if (isRef(root)) assign(root.num, { type: 'catalog' });
  if (!catalog) return roles;

  const pages: { dict: PdfDict; resources: PdfValue | undefined }[] = [];
  const visited = new Set<number>();
  const walk = (node: PdfValue | undefined, inherited: PdfValue | undefined, depth: number) => {
    if (depth > MAX_PAGE_TREE_DEPTH || pages.length > 100_000) return;
    if (isRef(node)) {
      if (visited.has(node.num)) return; // a page tree that loops or shares nodes
      visited.add(node.num);
    }
    const dict = dictOf(view.deref(node));
    if (!dict) return;
    const resources = dict.entries.get('Resources') ?? inherited;
    if (nameOf(dict.entries.get('Type')) === 'Pages' || dict.entries.has('Kids')) {
      if (isRef(node)) assign(node.num, { type: 'page-tree' });
      const kids = view.deref(dict.entries.get('Kids'));
      if (isRef(dict.entries.get('Kids'))) assign((dict.entries.get('Kids') as { num: number }).num, { type: 'page-tree' });
      if (Array.isArray(kids)) for (const kid of kids) walk(kid, resources, depth + 1);
      return;
    }
    const page = pages.length + 1;
    if (isRef(node)) assign(node.num, { type: 'page', page });
    pages.push({ dict, resources });
  };
  walk(catalog.entries.get('Pages'), undefined, 0);

  const reach = (value: PdfValue | undefined, role: Role) => {
    // The walk stops at objects that already have a role: a change to them is judged by that one.
    const refs = refsIn(value).map((ref) => ref.num);
    for (const num of reachableFrom(view, refs, (n) => !roles.has(n))) assign(num, role);
  };
  pages.forEach(({ dict, resources }, i) => {
    const page = i + 1;
    reach(dict.entries.get('Contents'), { type: 'page-content', page });
    reach(resources, { type: 'page-content', page });
    reach(dict.entries.get('Group'), { type: 'page-content', page });
  });
  pages.forEach(({ dict }, i) => {
    const page = i + 1;
    const annots = dict.entries.get('Annots');
    if (isRef(annots)) assign(annots.num, { type: 'annots', page });
    const list = view.deref(annots);
    if (!Array.isArray(list)) return;
    for (const annotation of list) {
      if (!isRef(annotation)) continue;
      assign(annotation.num, { type: 'annotation', page });
      const dict = dictOf(view.object(annotation.num));
      reach(dict?.entries.get('AP'), { type: 'annotation', page });
      reach(dict?.entries.get('Popup'), { type: 'annotation', page });
    }
  });

  const formRef = catalog.entries.get('AcroForm');
  if (isRef(formRef)) assign(formRef.num, { type: 'form' });
  const form = dictOf(view.deref(formRef));
  const fields = form?.entries.get('Fields');
  if (isRef(fields)) assign(fields.num, { type: 'fields' });
  const fieldQueue = refsIn(view.deref(fields));
  for (let i = 0; i < fieldQueue.length && i < MAX_REACHABLE; i++) {
    const field = dictOf(view.object(fieldQueue[i].num));
    const value = field?.entries.get('V');
    if (field && fieldType(view, field) === 'Sig' && isRef(value)) assign(value.num, { type: 'signature' });
    assign(fieldQueue[i].num, { type: 'field' });
    fieldQueue.push(...refsIn(view.deref(field?.entries.get('Kids'))));
  }
  reach(form, { type: 'field' });

  for (const num of reachableFrom(view, dssOf(view))) assign(num, { type: 'dss' });
  // Everything else the catalog reaches (outlines, names, actions, metadata): a change there is the catalog's.
  reach(catalog, { type: 'catalog-part' });
  return roles;
}
