import { useEffect, useState } from 'react';

/** The calendar day, re-read every minute; changes (and re-renders) only at midnight. */
export function useToday(): string {
  const day = () => new Date().toDateString();
  const [today, setToday] = useState(day);
  useEffect(() => {
    const timer = setInterval(() => setToday(day()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return today;
}
