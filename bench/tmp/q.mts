import { makeQuickQrMatrix } from '../../src/core/qr.js';
import QRCode from 'qrcode';
const url = 'https://example.org/verify#' + 'AQQpQAt5Ut6oTdYJ7ZmN6ri464-ZDUhvbmcgR2lsLWRvbmcQ6rKs67O4IOyEnOuqheyekBBTYW1wbGUgc2lnbmF0b3J5HDIwMjTrhYQgN-yblCAyMuydvCDsm4zsi7HthLQfb24gSnVseSAyMiwgMjAyNCwgaW4gV2FzaGluZ3RvbgUz6BH64zvGttHPB0V7f1ApCVnbXkiY4ByIhXxXEd0LT7PRBaYykJ773GpMpWkZwjzKpY8EyzoeRHuPz7SAXQM';
const time = (label: string, f: () => unknown) => { for (let i = 0; i < 50; i++) f(); const t = performance.now(); for (let i = 0; i < 500; i++) f(); console.log(label, ((performance.now() - t) / 500).toFixed(3)); };
const seg = [{ data: new TextEncoder().encode(url), mode: 'byte' }] as any;
for (let k = 0; k < 2; k++) {
time('quick', () => makeQuickQrMatrix(url));
time('create only', () => QRCode.create(seg, { errorCorrectionLevel: 'L', maskPattern: 0 }));
time('url', () => new URL(url).href);
}
