import { defineStrings } from '../../i18n/i18n.ts';

/**
 * 二维码: an admin's printable QR codes of the public map and of each venue's page on it
 * (server/http/qr.ts), in the details of a venue and in 设置 for the whole map.
 */
export const shareStrings = defineStrings(
  'share',
  {
    qr: '二维码',
    png: '二维码 PNG',
    svg: '二维码 SVG',
    venueHint: '下载这个阵地公开页面的二维码，打印后贴在阵地门口，扫码即可查看开放时间、地址和导航',
    notPublished: '通过审核、出现在公众地图上之后，才能下载这个阵地的二维码。',
    publicTitle: '公开地图二维码',
    publicHint: '扫码打开公开地图。打印在宣传材料上，或贴在社区公告栏。',
    saved: (file: string) => `已下载：${file}`,
    busy: '正在生成…',
    failed: {
      unauthorized: '登录已失效，请重新打开工作台链接后再试。',
      forbidden: '只有管理员可以下载二维码。',
      notFound: '这个阵地不在公众地图上（尚未发布或已撤下），无法生成二维码。',
      network: '网络连接失败，请稍后再试。',
      server: '生成二维码失败，请稍后再试。',
    },
  },
  {
    qr: 'QR code',
    png: 'QR code PNG',
    svg: 'QR code SVG',
    venueHint: 'Download the QR code of this venue’s public page to print at its door: a scan shows its opening hours, address and directions',
    notPublished: 'The QR code can be downloaded once this venue is approved and on the public map.',
    publicTitle: 'Public map QR code',
    publicHint: 'A scan opens the public map. Print it on leaflets or a community notice board.',
    saved: (file: string) => `Downloaded: ${file}`,
    busy: 'Making it…',
    failed: {
      unauthorized: 'Your sign-in has expired: open the workspace link again and retry.',
      forbidden: 'Only an admin can download QR codes.',
      notFound: 'This venue is not on the public map (not yet published, or taken off), so it has no QR code.',
      network: 'The network failed; try again in a moment.',
      server: 'The QR code could not be made; try again in a moment.',
    },
  },
);
