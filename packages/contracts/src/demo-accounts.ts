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
    purpose: '已離職：登入被拒',
  },
];
