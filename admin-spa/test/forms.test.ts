// Form helpers: API field errors mapped onto inputs, client-side sign-up checks, slugs, sorting.
import { describe, expect, it } from "vitest";
import { slugify, validateSignUp } from "../src/api/auth.ts";
import { ApiRequestError } from "../src/api/client.ts";
import { formErrorsFrom, formErrorsFromFields } from "../src/api/form-errors.ts";
import { sortingFromParam, sortParamFrom } from "../src/components/ui/DataTable.tsx";

describe("formErrorsFrom", () => {
  const labels = { name: "Name", scopes: "Scopes", ipAllowlist: "IP allowlist" };

  it("puts each field error next to its input, nested paths on their field, and lists all", () => {
    const error = new ApiRequestError({
      status: 400,
      code: "VALIDATION_FAILED",
      message: "The request is invalid.",
      fields: [
        { path: "name", message: "must not be empty" },
        { path: "scopes.1", message: "must be a scope" },
        { path: "scopes.3", message: "must be a scope too" },
        { path: "somethingElse", message: "is unknown" },
      ],
    });
    expect(formErrorsFrom(error, labels)).toEqual({
      fields: { name: "must not be empty", scopes: "must be a scope" },
      summary: [
        "Name: must not be empty",
        "Scopes: must be a scope",
        "Scopes: must be a scope too",
        "somethingElse: is unknown",
      ],
    });
  });

  it("shows the message and request id of an error without fields", () => {
    const error = new ApiRequestError({
      status: 409,
      code: "CONFLICT",
      message: "Name taken.",
      requestId: "r-1",
    });
    expect(formErrorsFrom(error, labels)).toEqual({ fields: {}, summary: ["Name taken. (request r-1)"] });
    expect(formErrorsFrom(new Error("offline"), labels).summary).toEqual(["offline"]);
  });

  it("puts a 409 on the form's unique field when the form names one", () => {
    const error = new ApiRequestError({ status: 409, code: "CONFLICT", message: "Name taken." });
    expect(formErrorsFrom(error, labels, { conflictField: "name" })).toEqual({
      fields: { name: "Name taken." },
      summary: ["Name taken."],
    });
  });

  it("labels client-side results the same way", () => {
    expect(formErrorsFromFields({ name: "is required" }, labels)).toEqual({
      fields: { name: "is required" },
      summary: ["Name: is required"],
    });
  });
});

describe("validateSignUp", () => {
  const all = ["name", "email", "password", "organization"] as const;

  it("accepts a complete sign-up", () => {
    expect(
      validateSignUp(
        { name: "Ada", email: "ada@example.com", password: "0123456789", organization: "Acme" },
        all,
      ),
    ).toEqual({});
  });

  it("names every missing or malformed field", () => {
    expect(validateSignUp({ name: " ", email: "ada@", password: "short" }, all)).toEqual({
      name: "is required",
      email: "must be an email address",
      password: "must be at least 10 characters",
      organization: "is required",
    });
  });

  it("checks only the fields on the form", () => {
    expect(validateSignUp({ organization: "" }, ["organization"])).toEqual({ organization: "is required" });
  });
});

describe("slugify", () => {
  it("makes a URL-safe slug", () => {
    expect(slugify("  Ämazing Öbjects & Co. ")).toBe("amazing-objects-co");
    expect(slugify("!!!")).toBe("org");
  });
});

describe("sort parameter ⇄ table state", () => {
  it("round-trips the API's sort values", () => {
    expect(sortingFromParam("-createdAt")).toEqual([{ id: "createdAt", desc: true }]);
    expect(sortingFromParam("name")).toEqual([{ id: "name", desc: false }]);
    expect(sortingFromParam(undefined)).toEqual([]);
    for (const sort of ["-createdAt", "createdAt", "name", "-name"]) {
      expect(sortParamFrom(sortingFromParam(sort))).toBe(sort);
    }
    expect(sortParamFrom([])).toBeUndefined();
  });
});
