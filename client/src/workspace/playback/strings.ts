import { defineStrings } from '../../i18n/i18n.ts';

/** A step written out: "2024年3月" / "2024年" (a step key is "YYYY-MM" or "YYYY"). */
const zhStep = (step: string) => (step.length === 4 ? `${step}年` : `${step.slice(0, 4)}年${Number(step.slice(5, 7))}月`);
const enStep = (step: string) =>
  step.length === 4 ? step : new Date(`${step}-01T00:00:00Z`).toLocaleDateString('en', { month: 'short', year: 'numeric', timeZone: 'UTC' });

export const playbackStrings = defineStrings(
  'playback',
  {
    toggle: '时间回放',
    toggleTitle: '按月或按年逐段显示活动热力和图表',
    nothingToPlay: '没有可回放的活动',
    label: '时间回放',
    play: '播放',
    pause: '暂停',
    time: '时间',
    unit: '步长',
    month: '按月',
    year: '按年',
    step: zhStep,
    count: (n: number) => `${n} 项活动`,
    exit: '退出回放',
    window: '每段只显示该月（该年）的活动，不累计',
    bounded: '，限于筛选的日期范围',
    yearLevel: (year: string, n: number) => `${year}年另有 ${n} 项活动只登记到年份，不计入任何月份`,
    showYear: '按年查看',
    noMonths: '活动都没有具体日期，只能按年回放',
    nothing: '没有符合筛选条件的活动可回放',
  },
  {
    toggle: 'Time playback',
    toggleTitle: 'Show the activity heat and the charts a month or a year at a time',
    nothingToPlay: 'No activity to play',
    label: 'Time playback',
    play: 'Play',
    pause: 'Pause',
    time: 'Time',
    unit: 'Step',
    month: 'By month',
    year: 'By year',
    step: enStep,
    count: (n: number) => `${n} activit${n === 1 ? 'y' : 'ies'}`,
    exit: 'Leave playback',
    window: "Each step shows that month's (year's) activities only, not a running total",
    bounded: ', within the filter’s dates',
    yearLevel: (year: string, n: number) => `${n} more activit${n === 1 ? 'y' : 'ies'} of ${year} ${n === 1 ? 'is' : 'are'} recorded by year only and belong${n === 1 ? 's' : ''} to no month`,
    showYear: 'See the year',
    noMonths: 'No activity has a date: playback goes by year only',
    nothing: 'No activity matching the filters to play',
  },
);
