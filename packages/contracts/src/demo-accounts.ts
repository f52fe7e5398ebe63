/**
 * The demo agencies and accounts that `npm start` seeds into the directory and
 * the development identity provider offers at its sign-in page. Development
 * only: the directory seeds them when DIRECTORY_SEED_DEMO=true, which the
 * start command sets and production never does. Names and numbers are made up
 * (the national ID numbers are valid in form only).
 */
export const DEMO_AGENCIES = [
  { id: 'KH-EDU', name: '高雄市政府教育局', level: 'first-level', parentId: undefined, defaultApps: ['webitr'] },
  { id: 'KH-GUANGHUA-ES', name: '高雄市立光華國民小學', level: 'school', parentId: 'KH-EDU', defaultApps: ['webitr-edu'] },
  { id: 'TP-DOIT', name: '臺北市政府資訊局', level: 'first-level', parentId: undefined, defaultApps: ['webitr'] },
] as const;

export interface DemoAccount {
  username: string;
  password: string;
  name: string;
  email: string;
  nationalId: string;
  agencyId: string;
  unit: string;
  jobCategory: string;
  title: string;
  /** 到職日期 (YYYY-MM-DD): seniority for 休假 (the 主任 and the 校長 get it per school year, 教師請假規則第8條). */
  serviceStartDate?: string;
  status: 'active' | 'leave-without-pay' | 'separated';
  roles: readonly ('attendance-manager' | 'agency-admin' | 'system-admin')[];
  apps: readonly string[];
  /** 卡號: the punch card the person holds (the sample card files in dev/card-files use these). */
  cardNumber?: string;
  /** What the account is for, printed by `npm start`. */
  purpose: string;
}

export const DEMO_PASSWORD = 'demo';

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    username: 'principal',
    password: DEMO_PASSWORD,
    name: '蔡文雄',
    email: 'principal@guanghua.demo',
    nationalId: 'E120000001',
    agencyId: 'KH-GUANGHUA-ES',
    unit: '校長室',
    jobCategory: '教師',
    title: '校長',
    serviceStartDate: '1998-08-01',
    status: 'active',
    roles: [],
    apps: ['webitr-edu'],
    cardNumber: '8800000001',
    purpose: '校長（機關首長）：決行',
  },
  {
    username: 'teacher',
    password: DEMO_PASSWORD,
    name: '陳怡君',
    email: 'teacher@guanghua.demo',
    nationalId: 'E223456785',
    agencyId: 'KH-GUANGHUA-ES',
    unit: '教務處',
    jobCategory: '教師',
    title: '導師',
    serviceStartDate: '2016-08-01',
    status: 'active',
    roles: [],
    apps: ['webitr-edu'],
    cardNumber: '8800000002',
    purpose: '教師：從教育入口網磚塊進入',
  },
  {
    username: 'director',
    password: DEMO_PASSWORD,
    name: '林志明',
    email: 'director@guanghua.demo',
    nationalId: 'E123456783',
    agencyId: 'KH-GUANGHUA-ES',
    unit: '教務處',
    jobCategory: '教師',
    title: '教務主任',
    serviceStartDate: '2012-08-01',
    status: 'active',
    roles: [],
    apps: ['webitr-edu'],
    cardNumber: '8800000003',
    purpose: '單位主管（教務處）：批核',
  },
  {
    username: 'personnel',
    password: DEMO_PASSWORD,
    name: '王美玲',
    email: 'personnel@guanghua.demo',
    nationalId: 'E221234567',
    agencyId: 'KH-GUANGHUA-ES',
    unit: '人事室',
    jobCategory: '職員',
    title: '人事主任',
    serviceStartDate: '2009-03-02',
    status: 'active',
    roles: ['attendance-manager'],
    apps: ['webitr-edu'],
    cardNumber: '8800000004',
    purpose: '差勤管理者',
  },
  {
    username: 'school-admin',
    password: DEMO_PASSWORD,
    name: '黃建華',
    email: 'admin@guanghua.demo',
    nationalId: 'E124567892',
    agencyId: 'KH-GUANGHUA-ES',
    unit: '總務處',
    jobCategory: '職員',
    title: '資訊組長',
    status: 'active',
    roles: ['agency-admin'],
    apps: ['webitr-edu'],
    cardNumber: '8800000005',
    purpose: '機關管理員：授權可用系統',
  },
  {
    username: 'bureau-admin',
    password: DEMO_PASSWORD,
    name: '郭俊宏',
    email: 'admin@kh-edu.demo',
    nationalId: 'E120203002',
    agencyId: 'KH-EDU',
    unit: '資訊教育科',
    jobCategory: '職員',
    title: '科員',
    status: 'active',
    roles: ['agency-admin'],
    apps: ['webitr'],
    purpose: '教育局的機關管理員：管不到光華國小',
  },
  {
    username: 'staff',
    password: DEMO_PASSWORD,
    name: '張雅婷',
    email: 'staff@doit.demo',
    nationalId: 'A223456781',
    agencyId: 'TP-DOIT',
    unit: '資訊安全組',
    jobCategory: '職員',
    title: '專員',
    serviceStartDate: '2019-03-01',
    status: 'active',
    roles: [],
    apps: ['webitr'],
    cardNumber: '9900000001',
    purpose: '職員：在家經 SSL-VPN 連線',
  },
  {
    username: 'section-chief',
    password: DEMO_PASSWORD,
    name: '周志偉',
    email: 'chief@doit.demo',
    nationalId: 'A134567891',
    agencyId: 'TP-DOIT',
    unit: '資訊安全組',
    jobCategory: '職員',
    title: '組長',
    serviceStartDate: '2008-08-01',
    status: 'active',
    roles: [],
    apps: ['webitr'],
    cardNumber: '9900000002',
    purpose: '單位主管（資訊安全組）：批核',
  },
  {
    username: 'city-admin',
    password: DEMO_PASSWORD,
    name: '李國強',
    email: 'cityadmin@doit.demo',
    nationalId: 'A123456789',
    agencyId: 'TP-DOIT',
    unit: '資訊安全組',
    jobCategory: '職員',
    title: '系統管理者',
    status: 'active',
    roles: ['system-admin'],
    apps: ['webitr'],
    cardNumber: '9900000003',
    purpose: '系統管理者',
  },
  {
    username: 'no-app',
    password: DEMO_PASSWORD,
    name: '劉家豪',
    email: 'noapp@guanghua.demo',
    nationalId: 'E125678901',
    agencyId: 'KH-GUANGHUA-ES',
    unit: '總務處',
    jobCategory: '工友',
    title: '技工',
    status: 'active',
    roles: [],
    apps: [],
    cardNumber: '8800000006',
    purpose: '未授權差勤系統',
  },
  {
    username: 'separated',
    password: DEMO_PASSWORD,
    name: '吳淑芬',
    email: 'separated@guanghua.demo',
    nationalId: 'E226789012',
    agencyId: 'KH-GUANGHUA-ES',
    unit: '教務處',
    jobCategory: '代理教師',
    title: '代理教師',
    status: 'separated',
    roles: [],
    apps: ['webitr-edu'],
    cardNumber: '8800000007',
    purpose: '已離職：登入被拒',
  },
];

/**
 * The card-file format (卡檔格式) each demo agency's card machines write, as
 * `npm start` seeds them into the punch-card-ingest service (development
 * only, PUNCH_SEED_DEMO=true); the sample files in dev/card-files are in
 * these formats. 光華國小: CSV with a heading line, in/out codes 1/2; 資訊局:
 * fixed-width, Big5 or UTF-8, ROC dates.
 */
export const DEMO_CARD_FILE_PROFILES = [
  {
    agencyId: 'KH-GUANGHUA-ES',
    profileId: 'gate',
    name: '光華大門卡機 CSV',
    layout: {
      format: 'csv',
      encoding: 'auto',
      dateFormat: 'yyyyMMdd',
      delimiter: ',',
      headerLines: 1,
      columns: { readerId: 1, cardNumber: 2, date: 3, time: 4, inOut: 5 },
      inOutCodes: { '1': '上班', '2': '下班' },
    },
  },
  {
    agencyId: 'TP-DOIT',
    profileId: 'lobby',
    name: '資訊局大廳卡機（定長）',
    layout: {
      format: 'fixed',
      encoding: 'auto',
      dateFormat: 'rocyyyMMdd',
      // 0000000001 1151116 0758 R01 1: card 1–10, date 12–18, time 20–23, reader 25–27, in/out 29
      fields: {
        cardNumber: { start: 1, length: 10 },
        date: { start: 12, length: 7 },
        time: { start: 20, length: 4 },
        readerId: { start: 25, length: 3 },
        inOut: { start: 29, length: 1 },
      },
      inOutCodes: { '1': '上班', '2': '下班' },
    },
  },
] as const;
