// Reading a downloaded PDF's text back, as a person's PDF reader would.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The text poppler's `pdftotext` reads from a PDF's bytes. */
export function pdfText(bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'rundt-pdf-'));
  try {
    const path = join(dir, 'report.pdf');
    writeFileSync(path, bytes);
    return execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
