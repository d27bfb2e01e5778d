import { describe, expect, it } from "vitest";
import { csvField, toCsv } from "../../src/cli/reports/csv.js";
import { parseCsv } from "../helpers/csv.js";

describe("csvField", () => {
  it("leaves plain text and numbers alone", () => {
    expect(csvField("cosplay")).toBe("cosplay");
    expect(csvField(1234567)).toBe("1234567");
    expect(csvField(3.459617650880344)).toBe("3.459617650880344");
    expect(csvField(-0.5)).toBe("-0.5");
  });

  it("writes null and undefined as an empty field", () => {
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
  });

  it("quotes commas, quotes, line breaks and edge spaces, doubling inner quotes", () => {
    expect(csvField("rock, roll")).toBe('"rock, roll"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\r")).toBe('"cr\r"');
    expect(csvField(" padded")).toBe('" padded"');
    expect(csvField("100%")).toBe("100%");
  });
});

describe("toCsv", () => {
  it("ends every record with CRLF, header first", () => {
    expect(toCsv(["a", "b"], [[1, null]])).toBe("a,b\r\n1,\r\n");
  });

  it("reads back field for field through an independent RFC 4180 reader", () => {
    const rows = [
      ["r&b", 12, null],
      ['he said "no", twice', -3.25, "x\r\ny"],
      ["🔥hot", 0, " "],
    ];

    const parsed = parseCsv(toCsv(["name", "n", "note"], rows));

    expect(parsed).toEqual([
      ["name", "n", "note"],
      ["r&b", "12", ""],
      ['he said "no", twice', "-3.25", "x\r\ny"],
      ["🔥hot", "0", " "],
    ]);
  });
});
