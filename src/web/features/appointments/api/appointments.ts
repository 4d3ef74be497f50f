import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import {
  appointment,
  type appointmentBody,
  type appointmentType,
  calendarFeed,
  type cancelBody,
  type rescheduleBody,
} from "../../../../shared/contract/contacts";
import { api } from "../../../lib/api-client";
import { appointmentKeys } from "../../../lib/query-keys";

export type Appointment = z.infer<typeof appointment>;
export type AppointmentType = z.infer<typeof appointmentType>;
export type AppointmentStatus = Appointment["status"];
export type AppointmentInput = z.input<typeof appointmentBody>;
export type RescheduleInput = z.input<typeof rescheduleBody>;
export type CancelInput = z.input<typeof cancelBody>;

const appointmentList = z.array(appointment);

/** An officer's appointments overlapping [from, to): the signed-in officer's, or (supervisors) one of their unit. */
export const useCalendar = (range: { from: string; to: string; officerId?: string | undefined }) =>
  useQuery({
    queryKey: appointmentKeys.calendar(range.officerId, range.from, range.to),
    queryFn: () =>
      api.get("/api/v1/appointments", {
        query: { from: range.from, to: range.to, officerId: range.officerId },
        schema: appointmentList,
      }),
  });

/** The case's appointments: the next scheduled ones (upcoming), or all of them, oldest first. */
export const useCaseAppointments = (caseId: string, upcoming: boolean) =>
  useQuery({
    queryKey: appointmentKeys.ofCase(caseId, upcoming),
    queryFn: () =>
      api.get(`/api/v1/cases/${encodeURIComponent(caseId)}/appointments`, {
        query: { upcoming: upcoming ? "true" : "false" },
        schema: appointmentList,
      }),
  });

/** Any change to an appointment shows in the calendar and on the person page. */
function useInvalidateAppointments() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: appointmentKeys.all });
}

export function useScheduleAppointment(caseId: string) {
  const invalidate = useInvalidateAppointments();
  return useMutation({
    mutationFn: (input: AppointmentInput) =>
      api.post(`/api/v1/cases/${encodeURIComponent(caseId)}/appointments`, input, { schema: appointment }),
    onSuccess: invalidate,
  });
}

export function useRescheduleAppointment(id: string) {
  const invalidate = useInvalidateAppointments();
  return useMutation({
    mutationFn: (input: RescheduleInput) => api.patch(`/api/v1/appointments/${encodeURIComponent(id)}`, input, { schema: appointment }),
    onSuccess: invalidate,
  });
}

export function useCancelAppointment(id: string) {
  const invalidate = useInvalidateAppointments();
  return useMutation({
    mutationFn: (input: CancelInput) => api.post(`/api/v1/appointments/${encodeURIComponent(id)}/cancel`, input, { schema: appointment }),
    onSuccess: invalidate,
    // Changed meanwhile (completed or cancelled elsewhere): show its current state.
    onError: invalidate,
  });
}

/** A new secret iCalendar subscription address for the signed-in user; the previous one stops working. */
export const useNewCalendarFeed = () =>
  useMutation({ mutationFn: () => api.post("/api/v1/calendar-feed", undefined, { schema: calendarFeed }) });
