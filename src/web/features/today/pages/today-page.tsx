import { useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import { z } from "zod";
import type { TodayItem } from "../../../../shared/contract/today";
import { orderRoute } from "../../../../shared/geo/route-order";
import { localDate } from "../../../../shared/time/calendar-date";
import { Button, ErrorAlert, Loading } from "../../../components/ui";
import { usePageTitle } from "../../../lib/page-title";
import { useSession } from "../../../lib/session";
import { useMapConfig, useTodayList } from "../api/today";
import { DayPicker } from "../components/day-picker";
import { FieldSheet } from "../components/field-sheet";
import type { RouteStop } from "../components/route";
import { RoutePlan } from "../components/route-plan";
import { defaultRouteStops, formatLongDate, hasPosition } from "../components/today-text";
import { useMyLocation } from "../components/use-my-location";
import { Worklist } from "../components/worklist";

/** The planning window of the API: today and the next seven days. */
export const planningDays = 7;

/** The officer's day: the worklist by priority, the field visits chosen for a route, its map and the printable field sheet. */
export function TodayPage() {
  usePageTitle("Today");
  const { data: session } = useSession();
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = z.iso.date().safeParse(searchParams.get("date"));
  const date = requested.success ? requested.data : null;
  const list = useTodayList(date);
  const mapConfig = useMapConfig();
  const { location, turnOn, turnOff } = useMyLocation();
  // The officer's changes to the pre-chosen stops, for the day they were made on.
  const [changes, setChanges] = useState<{ date: string | null; chosen: Record<string, boolean> }>({ date, chosen: {} });
  const chosenChanges = changes.date === date ? changes.chosen : {};

  // The previous day's answer, shown while another day loads, is not this day's work.
  const day = list.isPlaceholderData ? undefined : list.data;
  const items = day?.items;
  const preChosen = useMemo(() => defaultRouteStops(items ?? [], day?.routeStopLimit ?? 0), [items, day?.routeStopLimit]);
  const isChosen = (item: TodayItem) => hasPosition(item) && (chosenChanges[item.caseId] ?? preChosen.has(item.caseId));
  const start = location.status === "on" ? location.position : null;
  const chosenKey =
    items
      ?.filter(isChosen)
      .map((item) => item.caseId)
      .join(",") ?? "";
  // biome-ignore lint/correctness/useExhaustiveDependencies: the chosen case ids (chosenKey) and start are what the route depends on
  const route = useMemo(() => {
    const stops: RouteStop[] = (items ?? [])
      .filter(isChosen)
      .flatMap((item) =>
        item.address?.latitude != null && item.address.longitude != null
          ? [{ item, latitude: item.address.latitude, longitude: item.address.longitude }]
          : [],
      );
    // Without the officer's position the route begins at the most urgent chosen visit, never at whichever end is listed first.
    return orderRoute(stops, start ? { location: start } : { priorityOf: (stop) => stop.item.priorityScore });
  }, [items, chosenKey, start]);

  const choose = (item: TodayItem, chosen: boolean) =>
    setChanges((current) => ({ date, chosen: { ...(current.date === date ? current.chosen : {}), [item.caseId]: chosen } }));
  const goTo = (next: string | null) => setSearchParams(next ? { date: next } : {}, { replace: false });

  const today = list.data ? localDate(new Date(), list.data.timeZone) : null;
  const shownDate = date ?? day?.date ?? today;
  const isToday = shownDate !== null && shownDate === today;
  const onRoute = new Set(route.stops.map((stop) => stop.item.caseId));

  return (
    <>
      <div className="display-flex flex-wrap flex-justify flex-align-center margin-bottom-2 waypoint-screen-only">
        <div>
          <h1 className="margin-bottom-05">{date === null || isToday ? "Today" : "Plan a day"}</h1>
          {shownDate ? (
            <p className="usa-intro margin-top-0" data-testid="today-date">
              {formatLongDate(shownDate)}
            </p>
          ) : null}
        </div>
        <Button variant="outline" onClick={() => window.print()} disabled={!day}>
          Print field sheet
        </Button>
      </div>
      {today && shownDate ? (
        <DayPicker date={shownDate} today={today} lastDay={planningDays} onChange={(next) => goTo(next === today ? null : next)} />
      ) : null}
      <ErrorAlert error={list.error} />
      {list.isError && date ? (
        <p>
          <Button variant="unstyled" onClick={() => goTo(null)}>
            Back to today
          </Button>
        </p>
      ) : null}
      {!day && !list.isError ? <Loading label="Loading your day…" /> : null}
      {day ? (
        <>
          <div className="grid-row grid-gap-lg waypoint-screen-only">
            <section aria-labelledby="worklist-heading" className="desktop:grid-col-7">
              <h2 id="worklist-heading">Worklist</h2>
              {day.items.length === 0 ? (
                <p data-testid="worklist-empty">Nothing is due on your own caseload for this day.</p>
              ) : (
                <>
                  <p data-testid="worklist-count">
                    {day.items.length} {day.items.length === 1 ? "person" : "people"} with something to do, highest priority first.
                    Suggested visits and field appointments are already added to the route; change the choices as you need.
                  </p>
                  <p className="desktop:display-none">
                    <a className="usa-link" href="#route-heading">
                      Go to the route ({route.stops.length} {route.stops.length === 1 ? "stop" : "stops"})
                    </a>
                  </p>
                  <Worklist items={day.items} timeZone={day.timeZone} isChosen={isChosen} onChoose={choose} />
                </>
              )}
            </section>
            {day.items.length > 0 ? (
              <RoutePlan
                route={route}
                start={start}
                location={location}
                onStartFromLocation={(on) => (on ? turnOn() : turnOff())}
                mapConfig={mapConfig.data}
              />
            ) : null}
          </div>
          <ErrorAlert error={mapConfig.error} />
          <FieldSheet
            date={day.date}
            timeZone={day.timeZone}
            officer={session?.user.displayName ?? ""}
            unit={session?.user.unitName ?? null}
            route={route}
            startsFromLocation={start !== null}
            others={day.items.filter((item) => !onRoute.has(item.caseId))}
          />
        </>
      ) : null}
    </>
  );
}
