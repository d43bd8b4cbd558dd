"use client";

import NextLink from "next/link";
import { type ComponentProps, useState } from "react";

/**
 * next/link that prefetches a page once someone shows they may open it (the pointer on the link, a
 * finger down, keyboard focus), not every link the moment it is on screen. A portal page shows a
 * dozen links or more (the menu, every license, every filter); prefetched on sight, their renders
 * cost the server about five times the page's own on every page view, and a run of the browser
 * suite took the app server 116 CPU-s with them and 63 without (issue 23). Next renders the page
 * on click all the same, behind its loading skeleton.
 *
 * `prefetch` given explicitly is passed through unchanged.
 */
export function Link({ prefetch, onMouseEnter, onTouchStart, onFocus, ...props }: ComponentProps<typeof NextLink>) {
  const [isIntended, setIntended] = useState(false);
  const intend = () => setIntended(true);
  return (
    <NextLink
      {...props}
      // null is next/link's own default ("auto"); false keeps it from prefetching until then.
      prefetch={prefetch !== undefined ? prefetch : isIntended ? null : false}
      onMouseEnter={(event) => {
        intend();
        onMouseEnter?.(event);
      }}
      onTouchStart={(event) => {
        intend();
        onTouchStart?.(event);
      }}
      onFocus={(event) => {
        intend();
        onFocus?.(event);
      }}
    />
  );
}
