import QRCode from 'qrcode';

/** How the enrollment QR code is drawn; tests redraw the URL with the same options to compare. */
export const ENROLLMENT_QR_OPTIONS = { type: 'svg', errorCorrectionLevel: 'M', margin: 2 } as const;

/** The enrollment URL as a QR code, an SVG document a phone's camera reads off paper or screen. */
export function enrollmentQrSvg(enrollmentUrl: string): Promise<string> {
  return QRCode.toString(enrollmentUrl, ENROLLMENT_QR_OPTIONS);
}
