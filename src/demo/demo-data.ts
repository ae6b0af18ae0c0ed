/**
 * The demo community 阳光花园: 3 zones, 30 units, residents, staff of every department,
 * supervisors, a director. Written as the same CSV an office would import, so the demo goes
 * through the import path too.
 */
export const DEMO_COMMUNITY = {
  code: 'YGHY',
  name: '阳光花园',
  address: '阳光路88号',
  phone: '0571-88886666',
};

export const DEMO_ZONES = [
  { code: 'A', name: 'A区', buildings: ['1', '2'] },
  { code: 'B', name: 'B区', buildings: ['3', '4'] },
  { code: 'C', name: 'C区', buildings: ['5', '6'] },
];

const ROOMS = ['101', '302', '501', '1201', '1802'];
const SURNAMES = '张王李赵刘陈杨黄周吴徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾';
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '霞',
  '平',
];

export interface DemoUnit {
  zone: string;
  building: string;
  entrance: string;
  room: string;
  state: 'occupied' | 'vacant' | 'renovating';
}

export function demoUnits(): DemoUnit[] {
  const units: DemoUnit[] = [];
  for (const zone of DEMO_ZONES) {
    for (const building of zone.buildings) {
      ROOMS.forEach((room, i) => {
        const state =
          i === 4 && building === '2' ? 'vacant' : i === 3 && building === '5' ? 'renovating' : 'occupied';
        units.push({ zone: zone.code, building, entrance: i < 3 ? '1' : '2', room, state });
      });
    }
  }
  return units;
}

export interface DemoPerson {
  name: string;
  phone: string;
  roles: string;
  department?: string;
  skills?: string;
  zones?: string;
  building?: string;
  entrance?: string;
  room?: string;
  relation?: 'owner' | 'tenant' | 'family';
}

/**
 * Staff with fixed, memorable names (the simulator speaks as them). Skills are the topics' skill
 * names (CATEGORY_SKILLS, src/chat/understanding/labels.ts): every topic a worker is dispatched to
 * has someone in every zone; the customer-service topics go to the front desk.
 */
export const DEMO_STAFF: DemoPerson[] = [
  { name: '前台小林', phone: '13900000001', roles: 'front_desk', department: 'customer_service' },
  { name: '客服主管周敏', phone: '13900000002', roles: 'cs_supervisor', department: 'customer_service' },
  { name: '主任郑国强', phone: '13900000003', roles: 'director' },
  { name: '总部督导何静', phone: '13900000004', roles: 'head_office' },
  { name: '财务陈会计', phone: '13900000005', roles: 'finance' },
  { name: '片区管理员A王芳', phone: '13900000011', roles: 'zone_manager', zones: 'A' },
  { name: '片区管理员B李娜', phone: '13900000012', roles: 'zone_manager', zones: 'B' },
  { name: '片区管理员C赵磊', phone: '13900000013', roles: 'zone_manager', zones: 'C' },
  { name: '工程主管陈刚', phone: '13900000021', roles: 'dept_supervisor', department: 'engineering' },
  { name: '安防队长杨勇', phone: '13900000022', roles: 'dept_supervisor', department: 'security' },
  { name: '环境主管黄丽', phone: '13900000023', roles: 'dept_supervisor', department: 'cleaning' },
  { name: '绿化主管吴平', phone: '13900000024', roles: 'dept_supervisor', department: 'greening' },
  {
    name: '维修工老张',
    phone: '13900000031',
    roles: 'staff',
    department: 'engineering',
    skills: 'plumbing|gas',
    zones: 'A|B|C',
  },
  {
    name: '维修工小刘',
    phone: '13900000032',
    roles: 'staff',
    department: 'engineering',
    skills: 'electrical|lighting',
    zones: 'A|B|C',
  },
  {
    name: '维修工孙师傅',
    phone: '13900000033',
    roles: 'staff',
    department: 'engineering',
    skills: 'doors|elevator|facility|fixtures',
    zones: 'A|B|C',
  },
  {
    name: '协管员马强',
    phone: '13900000041',
    roles: 'staff',
    department: 'security',
    skills: 'parking|noise|safety|pets',
    zones: 'A|B',
  },
  {
    name: '协管员朱军',
    phone: '13900000042',
    roles: 'staff',
    department: 'security',
    skills: 'parking|noise|safety|pets',
    zones: 'C',
  },
  {
    name: '保洁员胡阿姨',
    phone: '13900000051',
    roles: 'staff',
    department: 'cleaning',
    skills: 'garbage',
    zones: 'A|B',
  },
  {
    name: '保洁员郭阿姨',
    phone: '13900000052',
    roles: 'staff',
    department: 'cleaning',
    skills: 'garbage',
    zones: 'C',
  },
  {
    name: '绿化工林师傅',
    phone: '13900000061',
    roles: 'staff',
    department: 'greening',
    skills: 'greening',
    zones: 'A|B|C',
  },
];

/** One owner per unit (but the vacant one), plus a few tenants and family members. */
export function demoResidents(): DemoPerson[] {
  const people: DemoPerson[] = [];
  demoUnits().forEach((u, i) => {
    const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[i % GIVEN.length]}`;
    const phone = `1380013${String(8000 + i).padStart(4, '0')}`;
    const unit = { building: u.building, entrance: u.entrance, room: u.room };
    if (u.state !== 'vacant') people.push({ name, phone, roles: 'owner', ...unit, relation: 'owner' });
    if (i % 6 === 1) {
      people.push({
        name: `${name}家属`,
        phone: `1360013${String(8000 + i).padStart(4, '0')}`,
        roles: 'family',
        ...unit,
        relation: 'family',
      });
    }
    if (i % 7 === 3) {
      people.push({
        name: `租户${SURNAMES[(i + 7) % SURNAMES.length]}${GIVEN[(i + 3) % GIVEN.length]}`,
        phone: `1370013${String(8000 + i).padStart(4, '0')}`,
        roles: 'tenant',
        ...unit,
        relation: 'tenant',
      });
    }
  });
  return people;
}

const csvCell = (v: string | undefined) => (v ?? '').replace(/[",\n]/g, ' ');

export function toCsv<T extends object>(columns: Array<keyof T & string>, rows: T[]): string {
  return [
    columns.join(','),
    ...rows.map((r) => columns.map((c) => csvCell(r[c] as string | undefined)).join(',')),
  ].join('\n');
}

export const DEMO_ROOMS = [
  { topic: '阳光花园A区业主群', purpose: 'owners' as const, zone: 'A' },
  { topic: '阳光花园B区业主群', purpose: 'owners' as const, zone: 'B' },
  { topic: '阳光花园C区业主群', purpose: 'owners' as const, zone: 'C' },
  { topic: '阳光花园工程部', purpose: 'department' as const, department: 'engineering' as const },
  { topic: '阳光花园安防队', purpose: 'department' as const, department: 'security' as const },
  { topic: '阳光花园环境部', purpose: 'department' as const, department: 'cleaning' as const },
  { topic: '阳光花园物业员工群', purpose: 'staff' as const },
];
