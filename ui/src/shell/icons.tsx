// Inline stroke icons (16 px, currentColor). Decorative: the control around them carries the label.
import type { ReactNode } from "react";

function Icon({ children, size = 16 }: { children: ReactNode; size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const PlayIcon = () => (
  <Icon>
    <path d="M5 3.5v9l7-4.5z" fill="currentColor" />
  </Icon>
);
export const StopIcon = () => (
  <Icon>
    <rect x="4" y="4" width="8" height="8" rx="1" fill="currentColor" />
  </Icon>
);
export const RefreshIcon = () => (
  <Icon>
    <path d="M13 8a5 5 0 1 1-1.5-3.5M13 2.5v3h-3" />
  </Icon>
);
export const PlusIcon = () => (
  <Icon>
    <path d="M8 3v10M3 8h10" />
  </Icon>
);
export const TrashIcon = () => (
  <Icon>
    <path d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 8.5h5.6l.7-8.5" />
  </Icon>
);
export const PencilIcon = () => (
  <Icon>
    <path d="M10.5 3l2.5 2.5L6 12.5H3.5V10zM9 4.5L11.5 7" />
  </Icon>
);
/** An arrow pointing left or right (moving something along a row). */
export const ArrowIcon = ({ direction }: { direction: "left" | "right" }) => (
  <Icon>
    <path d={direction === "left" ? "M13 8H3M7 4L3 8l4 4" : "M3 8h10M9 4l4 4-4 4"} />
  </Icon>
);
export const ChevronIcon = ({ open }: { open: boolean }) => (
  <Icon size={12}>
    <path d={open ? "M4 6l4 4 4-4" : "M6 4l4 4-4 4"} />
  </Icon>
);
export const ImportIcon = () => (
  <Icon>
    <path d="M8 2.5v7M5 6.5l3 3 3-3M3 11v2.5h10V11" />
  </Icon>
);
export const ExportIcon = () => (
  <Icon>
    <path d="M8 9.5v-7M5 5.5l3-3 3 3M3 11v2.5h10V11" />
  </Icon>
);
export const FolderIcon = () => (
  <Icon>
    <path d="M2 4.5V12.5h12V6H8L6.5 4.5z" />
  </Icon>
);
export const ProfileIcon = () => (
  <Icon>
    <path d="M3 13V9M6.5 13V5M10 13V7.5M13.5 13V3" />
  </Icon>
);
export const UndoIcon = () => (
  <Icon>
    <path d="M5.5 3.5L2.5 6.5l3 3M2.5 6.5h7a4 4 0 0 1 0 8H7" />
  </Icon>
);
export const RedoIcon = () => (
  <Icon>
    <path d="M10.5 3.5l3 3-3 3M13.5 6.5h-7a4 4 0 0 0 0 8H9" />
  </Icon>
);
export const CloseIcon = () => (
  <Icon>
    <path d="M4 4l8 8M12 4l-8 8" />
  </Icon>
);
export const SaveIcon = () => (
  <Icon>
    <path d="M3 3h8l2 2v8H3zM5.5 3v3h4V3M5 13V9.5h6V13" />
  </Icon>
);
export const PlanIcon = () => (
  <Icon>
    <path d="M3 3.5h4M5 3.5v9h4M5 8h4M11 8h2M11 12.5h2" />
  </Icon>
);
export const SortIcon = ({ descending }: { descending: boolean }) => (
  <Icon size={12}>
    <path d={descending ? "M8 3v10M4.5 9.5L8 13l3.5-3.5" : "M8 13V3M4.5 6.5L8 3l3.5 3.5"} />
  </Icon>
);
export const WarningIcon = () => (
  <Icon>
    <path d="M8 2.5l6 11H2zM8 6.5v3.5M8 12v.01" />
  </Icon>
);
export const SyncIcon = () => (
  <Icon>
    <path d="M13 6.5A5 5 0 0 0 3.6 5M3 9.5A5 5 0 0 0 12.4 11M3.5 2.5V5h2.5M12.5 13.5V11H10" />
  </Icon>
);
/** A turning arc for work under way (still when the user prefers reduced motion). */
export const SpinnerIcon = () => (
  <svg className="icon spinner" width={12} height={12} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
    <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeOpacity="0.25" strokeWidth="2" />
    <path d="M8 2a6 6 0 0 1 6 6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
  </svg>
);
export const CommentIcon = () => (
  <Icon>
    <path d="M2.5 3.5h11v7.5H7l-3 2.5V11H2.5z" />
  </Icon>
);
/** Three linked nodes: sharing with others. */
export const ShareIcon = () => (
  <Icon>
    <circle cx="11.5" cy="3.5" r="1.75" />
    <circle cx="4.5" cy="8" r="1.75" />
    <circle cx="11.5" cy="12.5" r="1.75" />
    <path d="M6 7l4-2.5M6 9l4 2.5" />
  </Icon>
);
