import type { ButtonHTMLAttributes } from "react";

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: "primary" | "secondary" | "outline" | "unstyled" | "base";
  pending?: boolean;
};

export function Button({ variant = "primary", pending, className, type = "button", disabled, children, ...rest }: ButtonProps) {
  const classes = ["usa-button", variant === "primary" ? "" : `usa-button--${variant}`, className ?? ""].filter(Boolean).join(" ");
  return (
    <button type={type} className={classes} disabled={disabled || pending} aria-disabled={disabled || pending || undefined} {...rest}>
      {children}
    </button>
  );
}
