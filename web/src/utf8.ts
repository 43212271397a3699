// The server's spans are UTF-8 byte offsets; JavaScript strings index UTF-16
// code units. ByteIndex converts one to the other for a given text.
export class ByteIndex {
  private readonly byteToChar: Uint32Array;

  constructor(readonly text: string) {
    const bytes = new TextEncoder().encode(text).length;
    this.byteToChar = new Uint32Array(bytes + 1);
    let b = 0;
    for (let i = 0; i < text.length; ) {
      const cp = text.codePointAt(i)!;
      const units = cp > 0xffff ? 2 : 1;
      const len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      for (let k = 0; k < len; ++k) this.byteToChar[b + k] = i;
      b += len;
      i += units;
    }
    this.byteToChar[bytes] = text.length;
  }

  get byteLength(): number {
    return this.byteToChar.length - 1;
  }

  // The UTF-16 index of a byte offset (clamped to the text).
  char(byte: number): number {
    if (byte <= 0) return 0;
    if (byte >= this.byteToChar.length) return this.text.length;
    return this.byteToChar[byte];
  }

  slice(begin: number, end: number): string {
    return this.text.slice(this.char(begin), this.char(end));
  }
}
