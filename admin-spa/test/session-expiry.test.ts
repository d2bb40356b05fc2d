// The 401 → sign-in → back flow, as plain functions and with a real QueryClient.
import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { ApiRequestError } from "../src/api/client.ts";
import {
  installSessionExpiryRedirect,
  isPublicPath,
  safeRedirectTarget,
  signInRedirectFor,
} from "../src/api/unauthorized.ts";

const unauthorized = new ApiRequestError({ status: 401, code: "UNAUTHORIZED", message: "Sign in." });
const forbidden = new ApiRequestError({ status: 403, code: "FORBIDDEN", message: "No." });

describe("safeRedirectTarget", () => {
  it("keeps same-origin paths with their search and hash", () => {
    expect(safeRedirectTarget("/keys?status=active&q=prod#top")).toBe("/keys?status=active&q=prod#top");
    expect(safeRedirectTarget("/invitations/inv_1")).toBe("/invitations/inv_1");
  });

  it("refuses anything that could leave the site or loop back to sign-in", () => {
    for (const target of [
      undefined,
      "",
      "https://evil.example/",
      "//evil.example/path",
      "/\\evil.example",
      "keys",
      "/sign-in?redirect=/keys",
      "/sign-up",
      42,
    ]) {
      expect(safeRedirectTarget(target)).toBe("/");
    }
  });
});

describe("signInRedirectFor", () => {
  it("sends a 401 on a signed-in page to sign-in with the page to come back to", () => {
    expect(signInRedirectFor(unauthorized, { pathname: "/keys", href: "/keys?cursor=abc" })).toEqual({
      to: "/sign-in",
      search: { redirect: "/keys?cursor=abc" },
    });
  });

  it("ignores other errors, and 401s on the public pages (a wrong password is not an expiry)", () => {
    expect(signInRedirectFor(forbidden, { pathname: "/keys", href: "/keys" })).toBeNull();
    expect(signInRedirectFor(new Error("boom"), { pathname: "/keys", href: "/keys" })).toBeNull();
    expect(signInRedirectFor(unauthorized, { pathname: "/sign-in", href: "/sign-in" })).toBeNull();
    expect(isPublicPath("/invitations/abc")).toBe(true);
    expect(isPublicPath("/sign-inx")).toBe(false);
  });
});

describe("installSessionExpiryRedirect", () => {
  function setup(pathname: string, href: string) {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const navigations: unknown[] = [];
    const router = {
      state: { location: { pathname, href } },
      navigate: async (options: unknown) => {
        navigations.push(options);
      },
    };
    queryClient.setQueryData(["session"], { user: { id: "u1" } });
    installSessionExpiryRedirect(queryClient, router, ["session"]);
    return { queryClient, navigations };
  }

  it("on a query's 401: forgets the session and navigates to sign-in, once", async () => {
    const { queryClient, navigations } = setup("/keys/key_1", "/keys/key_1?tab=usage");
    const failing = () => Promise.reject(unauthorized);
    await Promise.allSettled([
      queryClient.fetchQuery({ queryKey: ["keys", "a"], queryFn: failing }),
      queryClient.fetchQuery({ queryKey: ["keys", "b"], queryFn: failing }),
    ]);
    expect(queryClient.getQueryData(["session"])).toBeUndefined();
    expect(navigations).toEqual([
      { to: "/sign-in", search: { redirect: "/keys/key_1?tab=usage" }, replace: true },
    ]);
  });

  it("on a mutation's 401 too", async () => {
    const { queryClient, navigations } = setup("/keys", "/keys");
    await queryClient
      .getMutationCache()
      .build(queryClient, { mutationFn: () => Promise.reject(unauthorized) })
      .execute(undefined)
      .catch(() => undefined);
    expect(navigations).toHaveLength(1);
  });

  it("leaves other failures to the page", async () => {
    const { queryClient, navigations } = setup("/keys", "/keys");
    await queryClient
      .fetchQuery({ queryKey: ["keys"], queryFn: () => Promise.reject(forbidden) })
      .catch(() => undefined);
    expect(navigations).toEqual([]);
    expect(queryClient.getQueryData(["session"])).toEqual({ user: { id: "u1" } });
  });
});
