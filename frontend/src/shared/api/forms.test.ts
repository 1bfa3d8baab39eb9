import { describe, expect, it } from "vitest";
import { readProblem } from "./errors";
import { applyApiErrors } from "./forms";

function fakeForm() {
  const form = { errors: {} as Record<string, string>, setErrors: (e: Record<string, string>) => (form.errors = e) };
  return form;
}

describe("the API's refusals on a form", () => {
  it("puts each field error beside its field and keeps the detail for the top", () => {
    const form = fakeForm();
    const message = applyApiErrors(form, { email: ["Adresse e-mail invalide."], password: ["Trop court.", "Trop courant."] });
    expect(form.errors).toEqual({ email: "Adresse e-mail invalide.", password: "Trop court." });
    expect(message).toBeNull();
  });

  it("answers the detail of a refusal that is not about a field", () => {
    const form = fakeForm();
    expect(applyApiErrors(form, { detail: "Créneau déjà réservé.", code: "slot_taken" })).toBe("Créneau déjà réservé.");
    expect(form.errors).toEqual({});
  });

  it("renames API fields to form fields and surfaces errors of fields the form does not show", () => {
    const form = fakeForm();
    const message = applyApiErrors(form, { new_password: ["Trop court."], token: ["Lien expiré."] }, { new_password: "password" }, ["password"]);
    expect(form.errors).toEqual({ password: "Trop court." });
    expect(message).toBe("Lien expiré.");
  });

  it("reads non_field_errors and nested messages", () => {
    expect(readProblem({ non_field_errors: ["Les mots de passe diffèrent."] }).message).toBe("Les mots de passe diffèrent.");
    expect(readProblem({ consents: { cgu: ["Obligatoire."] } }).fields).toEqual({ consents: "Obligatoire." });
  });

  it("tells a network failure from a refusal", () => {
    expect(readProblem(new TypeError("Failed to fetch"))).toEqual({ message: null, code: "network", fields: {} });
    expect(readProblem({ detail: "Non.", code: "forbidden" }).code).toBe("forbidden");
  });
});
