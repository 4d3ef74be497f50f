import { useCallback, useRef, useState } from "react";
import type { GeoPoint } from "../../../../shared/geo/route-order";

export type MyLocation =
  | { status: "off" }
  | { status: "locating" }
  | { status: "on"; position: GeoPoint; accuracyMetres: number }
  | { status: "unavailable"; message: string };

const messages: Record<number, string> = {
  1: "Your browser did not allow Waypoint to use your location, so the route starts at the first stop. You can allow it in the browser's site settings.",
  2: "Your location could not be found, so the route starts at the first stop.",
  3: "Finding your location took too long, so the route starts at the first stop. Try again.",
};

/** The browser's position as the start of the route, asked for only when the officer turns it on. */
export function useMyLocation() {
  const [location, setLocation] = useState<MyLocation>({ status: "off" });
  // An answer that arrives after the officer turned the option off (or asked again) is ignored.
  const request = useRef(0);
  const turnOn = useCallback(() => {
    const current = ++request.current;
    if (!("geolocation" in navigator)) {
      setLocation({ status: "unavailable", message: "This browser cannot share your location, so the route starts at the first stop." });
      return;
    }
    setLocation({ status: "locating" });
    navigator.geolocation.getCurrentPosition(
      (position) => {
        if (current !== request.current) return;
        setLocation({
          status: "on",
          position: { latitude: position.coords.latitude, longitude: position.coords.longitude },
          accuracyMetres: position.coords.accuracy,
        });
      },
      (error) => {
        if (current === request.current) setLocation({ status: "unavailable", message: messages[error.code] ?? messages[2]! });
      },
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 60_000 },
    );
  }, []);
  const turnOff = useCallback(() => {
    request.current++;
    setLocation({ status: "off" });
  }, []);
  return { location, turnOn, turnOff };
}
