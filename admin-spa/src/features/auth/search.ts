// The sign-in and sign-up URLs: where to go afterwards (`redirect`, checked again by
// safeRedirectTarget before use: it must stay on this origin), and sign-up's second step alone.
import { z } from "zod";
import { asSearchObject, searchResult } from "../../lib/search-params.ts";

const signInSchema = z.object({ redirect: z.string().max(2048).optional().catch(undefined) });
const signUpSchema = signInSchema.extend({ step: z.literal("organization").optional().catch(undefined) });

export type SignInSearch = z.infer<typeof signInSchema>;
export type SignUpSearch = z.infer<typeof signUpSchema>;

export function parseSignInSearch(input: unknown): SignInSearch {
  return searchResult(signInSchema.shape, signInSchema.parse(asSearchObject(input)));
}

export function parseSignUpSearch(input: unknown): SignUpSearch {
  return searchResult(signUpSchema.shape, signUpSchema.parse(asSearchObject(input)));
}
