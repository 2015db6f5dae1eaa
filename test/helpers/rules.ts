/**
 * The painted shapes of a real PDF, from pdf.js's operator list: every filled or stroked path's
 * bounding box in page space (PDF points, origin bottom left), a stroke widened by half its line
 * width and cut to the clip it is drawn in (react-pdf draws a border as a stroke clipped to the
 * border's width). Tests find rules (writing lines) and bands in them.
 */
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** A painted path's bounding box on its page. */
export interface FilledBox {
  /** Page number, from 1. */
  page: number;
  /** Left edge. */
  left: number;
  /** Right edge. */
  right: number;
  /** Bottom edge. */
  bottom: number;
  /** Top edge. */
  top: number;
}

type Matrix = [number, number, number, number, number, number];

/** m then n, in PDF's row-vector convention. */
function multiply(m: Matrix, n: Matrix): Matrix {
  return [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3], m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3], m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5]];
}

/** The graphics state the walk follows: the transformation, the line width, the clip's box. */
interface State {
  ctm: Matrix;
  lineWidth: number;
  clip?: Omit<FilledBox, 'page'>;
}

/** Every filled or stroked path of every page (not a clip), as its box in page space. */
export async function readFilledBoxes(bytes: Uint8Array): Promise<FilledBox[]> {
  const doc = await getDocument({ data: bytes.slice(), verbosity: 0, isEvalSupported: false, useSystemFonts: false }).promise;
  const boxes: FilledBox[] = [];
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const { fnArray, argsArray } = await (await doc.getPage(p)).getOperatorList();
      let state: State = { ctm: [1, 0, 0, 1, 0, 0], lineWidth: 1 };
      const stack: State[] = [];
      let clipping = false;
      fnArray.forEach((fn, i) => {
        const args = argsArray[i] as unknown[];
        if (fn === OPS.save) stack.push(state);
        else if (fn === OPS.restore) state = stack.pop() ?? state;
        else if (fn === OPS.transform) state = { ...state, ctm: multiply(args as Matrix, state.ctm) };
        else if (fn === OPS.setLineWidth) state = { ...state, lineWidth: args[0] as number };
        else if (fn === OPS.clip || fn === OPS.eoClip) clipping = true;
        else if (fn === OPS.constructPath) {
          // pdf.js gives the path's bounding box in the space it is drawn in: [minX, minY, maxX, maxY].
          const [x0, y0, x1, y1] = Array.from(args[2] as ArrayLike<number>);
          const stroked = args[0] === OPS.stroke || args[0] === OPS.closeStroke;
          const pad = stroked ? state.lineWidth / 2 : 0;
          const { ctm } = state;
          const corners = [[x0! - pad, y0! - pad], [x1! + pad, y0! - pad], [x0! - pad, y1! + pad], [x1! + pad, y1! + pad]].map(([x, y]) => [ctm[0] * x! + ctm[2] * y! + ctm[4], ctm[1] * x! + ctm[3] * y! + ctm[5]] as const);
          const xs = corners.map((c) => c[0]);
          const ys = corners.map((c) => c[1]);
          let box = { left: Math.min(...xs), right: Math.max(...xs), bottom: Math.min(...ys), top: Math.max(...ys) };
          if (clipping) {
            // The path that follows a clip operator is the clip.
            state = { ...state, clip: state.clip ? intersect(state.clip, box) : box };
            clipping = false;
            return;
          }
          if (state.clip) box = intersect(state.clip, box);
          if (stroked || args[0] === OPS.fill || args[0] === OPS.eoFill || args[0] === OPS.fillStroke) boxes.push({ page: p, ...box });
        }
      });
    }
  } finally {
    await doc.destroy();
  }
  return boxes;
}

function intersect(a: Omit<FilledBox, 'page'>, b: Omit<FilledBox, 'page'>): Omit<FilledBox, 'page'> {
  return { left: Math.max(a.left, b.left), right: Math.min(a.right, b.right), bottom: Math.max(a.bottom, b.bottom), top: Math.min(a.top, b.top) };
}

/** The thin horizontal rules among the boxes: at most `thickness` high, at least `minWidth` long. */
export function horizontalRules(boxes: readonly FilledBox[], thickness = 2, minWidth = 20): FilledBox[] {
  return boxes.filter((box) => box.top - box.bottom > 0 && box.top - box.bottom <= thickness && box.right - box.left >= minWidth);
}
