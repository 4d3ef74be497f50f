import type { Page } from "playwright-core";
import { expect } from "vitest";

/** The two widths every page must fit without sideways scrolling: a desk screen and a phone. */
export const desk = { width: 1280, height: 800 } as const;
export const phone = { width: 390, height: 844 } as const;

type Overflow = { element: string; left: number; right: number; scrollWidth?: number; clientWidth?: number };

/**
 * Fails when the page scrolls sideways at its current width: the document is wider than the window, an element sticks
 * out of the window on either side, or a box (a table's scrollable container, say) scrolls sideways itself. An element
 * inside a box that clips or scrolls is judged by that box; hidden elements and ones moved off-screen on purpose
 * (visually hidden text) are not.
 */
export async function expectNoSidewaysScroll(page: Page, label: string): Promise<void> {
  const found = await page.evaluate(() => {
    const viewport = document.documentElement.clientWidth;
    const describe = (element: Element) => {
      const id = element.id ? `#${element.id}` : "";
      const classes = [...element.classList]
        .slice(0, 3)
        .map((name) => `.${name}`)
        .join("");
      const text = (element.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
      return `${element.tagName.toLowerCase()}${id}${classes}${text ? ` "${text}"` : ""}`;
    };
    const clipsOrScrolls = (element: Element) => getComputedStyle(element).overflowX !== "visible";
    const overflows: Overflow[] = [];
    const walk = (element: Element, insideBox: boolean) => {
      if (!element.checkVisibility({ visibilityProperty: true, opacityProperty: true })) return;
      const style = getComputedStyle(element);
      const rect = element.getBoundingClientRect();
      // Visually hidden text (USWDS usa-sr-only) is moved far to the left, or clipped to one pixel.
      const visuallyHidden = rect.right <= 0 || (rect.width <= 1 && rect.height <= 1) || style.clipPath === "inset(50%)";
      if (!insideBox && !visuallyHidden && rect.width > 0 && (rect.right > viewport + 1 || rect.left < -1)) {
        overflows.push({ element: describe(element), left: Math.round(rect.left), right: Math.round(rect.right) });
        return; // its children would only repeat it
      }
      const box = element !== document.documentElement && element !== document.body && clipsOrScrolls(element);
      if (box && (style.overflowX === "auto" || style.overflowX === "scroll") && element.scrollWidth > element.clientWidth + 1) {
        overflows.push({
          element: describe(element),
          left: Math.round(rect.left),
          right: Math.round(rect.right),
          scrollWidth: element.scrollWidth,
          clientWidth: element.clientWidth,
        });
      }
      for (const child of element.children) walk(child, insideBox || box);
    };
    walk(document.body, false);
    return {
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      overflows: overflows.slice(0, 10),
    };
  });
  expect(
    { documentScrollsSideways: found.scrollWidth > found.clientWidth, overflows: found.overflows },
    `sideways scrolling on ${label} at ${found.clientWidth} px (${page.url()}): document ${found.scrollWidth} px wide`,
  ).toEqual({ documentScrollsSideways: false, overflows: [] });
}

/** Fails when one of these elements' text runs over more than one line (a header link or name that wraps). */
export async function expectSingleLines(page: Page, selector: string, label: string): Promise<void> {
  const wrapped = await page.locator(selector).evaluateAll((elements) =>
    elements
      .filter((element) => element.checkVisibility())
      .filter((element) => {
        // Each text fragment's box; a fragment that starts below the previous line's middle is on a new line.
        const range = document.createRange();
        range.selectNodeContents(element);
        const boxes = [...range.getClientRects()].filter((rect) => rect.width > 0).sort((a, b) => a.top - b.top);
        let lines = 0;
        let lineMiddle = Number.NEGATIVE_INFINITY;
        for (const box of boxes) {
          if (box.top > lineMiddle) {
            lines += 1;
            lineMiddle = box.top + box.height / 2;
          }
        }
        return lines > 1;
      })
      .map((element) => (element.textContent ?? "").trim()),
  );
  expect(wrapped, `text wrapping onto a second line on ${label} (${page.url()})`).toEqual([]);
}
