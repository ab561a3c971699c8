import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const GREY = rgb(0.35, 0.35, 0.35);

export interface TableColumn {
  title: string;
  /** Share of the text width. */
  width: number;
}

/**
 * Writes flowing text, headings and tables top to bottom onto A4 pages, adding pages as needed.
 * Standard fonts only know WinAnsi (Latin-1 and a few more): other characters become `?`.
 */
export class PdfLayout {
  private page!: PDFPage;
  private y = 0;

  private constructor(
    readonly document: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.newPage();
  }

  static async create(meta: { title: string; subject?: string }): Promise<PdfLayout> {
    const document = await PDFDocument.create();
    document.setTitle(winAnsi(meta.title));
    if (meta.subject) document.setSubject(winAnsi(meta.subject));
    document.setProducer('amtsweg');
    document.setCreator('amtsweg signatures');
    return new PdfLayout(
      document,
      await document.embedFont(StandardFonts.Helvetica),
      await document.embedFont(StandardFonts.HelveticaBold),
    );
  }

  private get width(): number {
    return A4[0] - 2 * MARGIN;
  }

  heading(text: string, size = 16): this {
    this.space(size * 0.6);
    this.lines(text, { size, font: this.bold });
    this.space(size * 0.4);
    return this;
  }

  paragraph(text: string, options: { size?: number; bold?: boolean; grey?: boolean } = {}): this {
    this.lines(text, { size: options.size ?? 10.5, font: options.bold ? this.bold : this.regular, grey: options.grey });
    this.space(6);
    return this;
  }

  /** `label: value` pairs, labels in bold in a column of their own. */
  facts(pairs: Array<[string, string]>, size = 9.5): this {
    for (const [label, value] of pairs) {
      // Wide enough for a SHA-256 in hex on one line.
      const labelWidth = this.width * 0.24;
      const valueLines = wrap(winAnsi(value), this.regular, size, this.width - labelWidth);
      this.ensure(valueLines.length * size * 1.35);
      this.page.drawText(winAnsi(label), { x: MARGIN, y: this.y - size, size, font: this.bold });
      for (const [index, line] of valueLines.entries()) {
        this.page.drawText(line, { x: MARGIN + labelWidth, y: this.y - size - index * size * 1.35, size, font: this.regular });
      }
      this.y -= valueLines.length * size * 1.35 + 2;
    }
    this.space(6);
    return this;
  }

  table(columns: TableColumn[], rows: string[][], size = 9): this {
    const total = columns.reduce((sum, column) => sum + column.width, 0);
    const widths = columns.map((column) => (column.width / total) * this.width);
    const drawRow = (cells: string[], font: PDFFont) => {
      const wrapped = cells.map((cell, index) => wrap(winAnsi(cell), font, size, widths[index] - 6));
      const height = Math.max(...wrapped.map((lines) => lines.length)) * size * 1.3 + 4;
      if (!this.ensure(height))
        drawRow(
          columns.map((column) => column.title),
          this.bold,
        );
      let x = MARGIN;
      for (const [index, lines] of wrapped.entries()) {
        for (const [line, text] of lines.entries())
          this.page.drawText(text, { x: x + 2, y: this.y - size - line * size * 1.3, size, font });
        x += widths[index];
      }
      this.y -= height;
      this.page.drawLine({
        start: { x: MARGIN, y: this.y + 1 },
        end: { x: MARGIN + this.width, y: this.y + 1 },
        thickness: 0.3,
        color: GREY,
      });
    };
    drawRow(
      columns.map((column) => column.title),
      this.bold,
    );
    for (const row of rows) drawRow(row, this.regular);
    this.space(10);
    return this;
  }

  space(points: number): this {
    this.y -= points;
    return this;
  }

  async save(): Promise<Buffer> {
    const pages = this.document.getPages();
    for (const [index, page] of pages.entries()) {
      page.drawText(`Seite ${index + 1} von ${pages.length}`, { x: MARGIN, y: MARGIN / 2, size: 8, font: this.regular, color: GREY });
    }
    return Buffer.from(await this.document.save());
  }

  private lines(text: string, { size, font, grey }: { size: number; font: PDFFont; grey?: boolean }): void {
    for (const line of wrap(winAnsi(text), font, size, this.width)) {
      this.ensure(size * 1.4);
      this.page.drawText(line, { x: MARGIN, y: this.y - size, size, font, ...(grey ? { color: GREY } : {}) });
      this.y -= size * 1.4;
    }
  }

  /** Room for `height` on this page, or a new page: false when a page was added. */
  private ensure(height: number): boolean {
    if (this.y - height >= MARGIN) return true;
    this.newPage();
    return false;
  }

  private newPage(): void {
    this.page = this.document.addPage(A4);
    this.y = A4[1] - MARGIN;
  }
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width || !line) line = candidate;
      else {
        lines.push(line);
        line = word;
      }
      // A single word wider than the column (a hash) is cut into pieces that fit.
      while (font.widthOfTextAtSize(line, size) > width && line.length > 1) {
        let cut = line.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut--;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    lines.push(line);
  }
  return lines;
}

const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/**
 * What the standard fonts can draw: Latin-1 and WinAnsi's extra characters; everything else `?`.
 * Tab and carriage return are white space, so a value that starts with one (a spreadsheet's
 * formula guard would quote it) shows as the text after it.
 */
export function winAnsi(text: string): string {
  return Array.from(text.replace(/[\t\r]/g, ' '))
    .map((char) => {
      const code = char.codePointAt(0) ?? 0;
      if (char === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char)) return char;
      return '?';
    })
    .join('');
}
