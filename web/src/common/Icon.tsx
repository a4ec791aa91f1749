/** A DKFDS icon from its SVG sprite (served unchanged at /dkfds/img/all-svg-icons.svg). */
export function Icon({ name, className }: { name: string; className?: string }) {
  return (
    <svg className={`icon-svg${className ? ` ${className}` : ''}`} focusable="false" aria-hidden="true">
      <use href={`/dkfds/img/all-svg-icons.svg#${name}`} />
    </svg>
  );
}
