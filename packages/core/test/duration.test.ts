import { describe, expect, it } from "vitest";
import {
  Duration,
  days,
  hours,
  isDuration,
  millis,
  minutes,
  seconds,
  toDays,
  toHours,
  toMinutes,
  toSeconds,
} from "@awaitly/core";

describe("Duration constructors and conversions", () => {
  it("build plain tagged objects", () => {
    expect(millis(5)).toStrictEqual({ _tag: "Duration", millis: 5 });
    expect(seconds(1.5).millis).toBe(1500);
    expect(minutes(2).millis).toBe(120_000);
    expect(hours(1).millis).toBe(3_600_000);
    expect(days(1).millis).toBe(86_400_000);
    expect(seconds(-1).millis).toBe(-1000);
    expect(Duration.zero).toStrictEqual({ _tag: "Duration", millis: 0 });
    expect(Duration.infinity.millis).toBe(Infinity);
  });

  it("convert with fractions", () => {
    expect(toSeconds(millis(1500))).toBe(1.5);
    expect(toMinutes(seconds(90))).toBe(1.5);
    expect(toHours(minutes(30))).toBe(0.5);
    expect(toDays(hours(36))).toBe(1.5);
    expect(Duration.toMillis(seconds(2))).toBe(2000);
  });
});

describe("Duration arithmetic and comparison", () => {
  it("adds, subtracts (clamped at zero), multiplies and divides", () => {
    expect(Duration.add(seconds(1), millis(500)).millis).toBe(1500);
    expect(Duration.subtract(seconds(1), seconds(3)).millis).toBe(0);
    expect(Number.isNaN(Duration.subtract(Duration.infinity, Duration.infinity).millis)).toBe(true);
    expect(Duration.multiply(seconds(1), -2).millis).toBe(-2000);
    expect(Duration.divide(seconds(1), 0).millis).toBe(Infinity);
  });

  it("compares and picks", () => {
    const a = seconds(1);
    const b = millis(1000);
    expect(Duration.equals(a, b)).toBe(true);
    expect(Duration.min(a, b)).toBe(a);
    expect(Duration.max(a, b)).toBe(a);
    expect(Duration.lessThan(millis(1), a)).toBe(true);
    expect(Duration.lessThanOrEqual(a, b)).toBe(true);
    expect(Duration.greaterThan(a, millis(1))).toBe(true);
    expect(Duration.greaterThanOrEqual(a, b)).toBe(true);
    const lo = seconds(2);
    const hi = seconds(1);
    expect(Duration.clamp(seconds(5), lo, hi)).toBe(hi);
    expect(Duration.clamp(millis(10), seconds(1), seconds(2)).millis).toBe(1000);
  });

  it("classifies", () => {
    expect(Duration.isZero(Duration.zero)).toBe(true);
    expect(Duration.isInfinite(Duration.infinity)).toBe(true);
    expect(Duration.isInfinite(millis(-Infinity))).toBe(false);
    expect(Duration.isFinite(seconds(1))).toBe(true);
    expect(Duration.isFinite(Duration.zero)).toBe(false);
    expect(Duration.isFinite(millis(-1))).toBe(false);
    expect(isDuration(seconds(1))).toBe(true);
    expect(isDuration({ _tag: "Duration", millis: Number.NaN })).toBe(true);
    expect(isDuration({ _tag: "Duration", millis: "1" })).toBe(false);
    expect(isDuration(null)).toBe(false);
  });
});

describe("Duration.format", () => {
  it.each([
    [500, "500ms"],
    [0.5, "0.5ms"],
    [1500, "1s"],
    [90_000, "1m 30s"],
    [9_000_000, "2h 30m"],
    [129_600_000, "1d 12h"],
    [90_061_001, "1d 1h 1m 1s"],
    [30_100, "30s"],
    [0, "0ms"],
    [-5, "0ms"],
    [Number.NaN, "0ms"],
    [-Infinity, "0ms"],
    [Infinity, "∞"],
  ])("formats %s ms as %s", (ms, text) => {
    expect(Duration.format(millis(ms))).toBe(text);
  });
});

describe("Duration.parse", () => {
  it.each([
    ["5s", 5000],
    [" 5 S ", 5000],
    ["1.5h", 5_400_000],
    ["100MS", 100],
    ["2 d", 172_800_000],
    ["0ms", 0],
    ["3m", 180_000],
  ])("parses %j", (text, ms) => {
    expect(Duration.parse(text)?.millis).toBe(ms);
  });

  it.each(["5", ".5s", "-5s", "1e3ms", "5sec", "1m 30s", ""])("rejects %j", (text) => {
    expect(Duration.parse(text)).toBeUndefined();
  });

  it("throws for non-string input", () => {
    expect(() => Duration.parse(5 as unknown as string)).toThrow(TypeError);
  });
});

describe("Duration namespace", () => {
  it("lists every function in the specified order", () => {
    expect(Object.keys(Duration)).toEqual([
      "millis",
      "seconds",
      "minutes",
      "hours",
      "days",
      "zero",
      "infinity",
      "toMillis",
      "toSeconds",
      "toMinutes",
      "toHours",
      "toDays",
      "add",
      "subtract",
      "multiply",
      "divide",
      "lessThan",
      "lessThanOrEqual",
      "greaterThan",
      "greaterThanOrEqual",
      "equals",
      "min",
      "max",
      "clamp",
      "isZero",
      "isInfinite",
      "isFinite",
      "isDuration",
      "format",
      "parse",
    ]);
  });
});
