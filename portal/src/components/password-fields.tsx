import { Password, says } from "@atensi/contracts";
import * as v from "valibot";
import { t } from "../i18n";
import { TextField, type TextFieldProps } from "./form";

/** The password plus a confirmation typed twice (the API takes the password once). */
export const PasswordWithConfirm = v.pipe(
  v.object({ password: Password, confirm: v.string() }),
  v.forward(
    v.partialCheck(
      [["password"], ["confirm"]],
      (x) => x.password === x.confirm,
      says("password_mismatch", "Passwords do not match"),
    ),
    ["confirm"],
  ),
);

type PasswordFieldProps = Pick<TextFieldProps, "field" | "input">;

/** The password being set, with the password rules as its hint. */
export const NewPasswordField = (props: PasswordFieldProps) => (
  <TextField
    field={props.field}
    input={props.input}
    label={t("field.newPassword")}
    hint={t("hint.password")}
    type="password"
    autocomplete="new-password"
    required
  />
);

/** The new password typed a second time. */
export const ConfirmPasswordField = (props: PasswordFieldProps) => (
  <TextField
    field={props.field}
    input={props.input}
    label={t("field.confirmPassword")}
    type="password"
    autocomplete="new-password"
    required
  />
);
