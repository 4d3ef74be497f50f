import { initials } from "../../../lib/supervision-labels";
import { personPhotoUrl, usePhotoRevision } from "../api/photo";

type PersonAvatarProps = {
  person: { id: string; name: { first: string; last: string }; hasPhoto: boolean };
  size?: "small" | "large";
  /** The photo's text alternative; empty (decorative) when the name is shown next to it. */
  alt?: string;
};

/** The person's photo, or their initials on a placeholder when there is none. */
export function PersonAvatar({ person, size = "small", alt = "" }: PersonAvatarProps) {
  const className = `waypoint-avatar waypoint-avatar--${size}`;
  // A photo replaced in this tab gets a new address, so the old image is not shown from the browser's memory.
  const revision = usePhotoRevision(person.id);
  const src = revision ? `${personPhotoUrl(person.id)}?v=${revision}` : personPhotoUrl(person.id);
  if (person.hasPhoto) return <img className={className} src={src} alt={alt} loading="lazy" />;
  return (
    // Initials repeat the name shown next to them: hidden from assistive technology.
    <span className={className} aria-hidden="true">
      {initials(person.name)}
    </span>
  );
}
