/**
 * Reads an iCalendar file (RFC 5545) the way a calendar program does, so a test asserts what the
 * program sees: lines unfolded (§3.1), each split into name, parameters and value (§3.1, §3.2).
 * Only what the tests need: one VCALENDAR, components by BEGIN/END, no value decoding.
 */
export interface ContentLine {
  name: string;
  params: Record<string, string>;
  value: string;
}

export interface CalendarComponent {
  name: string;
  properties: ContentLine[];
  components: CalendarComponent[];
}

export function parseCalendar(text: string): CalendarComponent {
  if (!text.endsWith('\r\n')) throw new Error('an iCalendar file ends with CRLF');
  const unfolded = text
    .replace(/\r\n[ \t]/g, '')
    .slice(0, -2)
    .split('\r\n');
  const stack: CalendarComponent[] = [];
  let root: CalendarComponent | undefined;
  for (const raw of unfolded) {
    const line = contentLine(raw);
    if (line.name === 'BEGIN') {
      const component = { name: line.value.toUpperCase(), properties: [], components: [] };
      stack.at(-1)?.components.push(component);
      stack.push(component);
    } else if (line.name === 'END') {
      const closed = stack.pop();
      if (closed?.name !== line.value.toUpperCase()) throw new Error(`END:${line.value} closes ${closed?.name ?? 'nothing'}`);
      if (stack.length === 0) root = closed;
    } else {
      const current = stack.at(-1);
      if (!current) throw new Error(`property ${line.name} outside any component`);
      current.properties.push(line);
    }
  }
  if (!root || root.name !== 'VCALENDAR' || stack.length > 0) throw new Error('not one complete VCALENDAR');
  return root;
}

/** The one property of that name (throws when there are several), or undefined. */
export function property(component: CalendarComponent, name: string): ContentLine | undefined {
  const found = component.properties.filter((line) => line.name === name);
  if (found.length > 1) throw new Error(`${name} appears ${found.length} times in ${component.name}`);
  return found[0];
}

/** The single VEVENT of a calendar (throws when there is not exactly one). */
export function onlyEvent(calendar: CalendarComponent): CalendarComponent {
  const events = calendar.components.filter((component) => component.name === 'VEVENT');
  if (events.length !== 1) throw new Error(`${events.length} VEVENTs`);
  return events[0];
}

function contentLine(raw: string): ContentLine {
  // name *(";" param) ":" value — a colon inside a quoted parameter value does not end the name part.
  let quoted = false;
  let colon = -1;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '"') quoted = !quoted;
    else if (raw[i] === ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon < 0) throw new Error(`not a content line: ${raw}`);
  const [name, ...params] = splitOutsideQuotes(raw.slice(0, colon), ';');
  return {
    name: name.toUpperCase(),
    params: Object.fromEntries(
      params.map((param) => {
        const eq = param.indexOf('=');
        return [param.slice(0, eq).toUpperCase(), param.slice(eq + 1).replace(/^"(.*)"$/, '$1')];
      }),
    ),
    value: raw.slice(colon + 1),
  };
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    if (char === separator && !quoted) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}
