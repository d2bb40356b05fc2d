// Copies text to the clipboard: the async Clipboard API where allowed, else a hidden textarea and
// execCommand (plain http origins other than localhost, older browsers). A toast confirms either.
import { useState } from "react";
import { Button, type ButtonProps } from "./Button.tsx";
import { toast } from "./Toaster.tsx";

export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Permission refused or not focused: try the fallback.
  }
  const textarea = document.createElement("textarea");
  textarea.value = text;
  textarea.setAttribute("readonly", "");
  textarea.style.position = "fixed";
  textarea.style.opacity = "0";
  const previousFocus = document.activeElement;
  document.body.append(textarea);
  textarea.select();
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  }
  textarea.remove();
  if (previousFocus instanceof HTMLElement) previousFocus.focus();
  return copied;
}

export function CopyButton({
  text,
  label = "Copy",
  copiedMessage = "Copied to the clipboard",
  ...button
}: { text: string; label?: string; copiedMessage?: string } & Omit<ButtonProps, "onClick" | "children">) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      variant="secondary"
      size="sm"
      {...button}
      onClick={async () => {
        if (await copyText(text)) {
          setCopied(true);
          toast.success(copiedMessage);
          setTimeout(() => setCopied(false), 2000);
        } else {
          toast.error("Copying failed: select the text and copy it by hand.");
        }
      }}
    >
      {copied ? "Copied" : label}
    </Button>
  );
}
