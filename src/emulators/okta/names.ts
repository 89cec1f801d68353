/**
 * Name material for the generator: [as written, ASCII for logins]. Deliberately mixed scripts
 * and diacritics, since the sync must carry them intact to IDaaS.
 */
export const FIRST_NAMES: readonly (readonly [string, string])[] = [
  ['Zoë', 'zoe'], ['José', 'jose'], ['Søren', 'soren'], ['Łukasz', 'lukasz'], ['Amélie', 'amelie'],
  ['Björn', 'bjorn'], ['Siobhán', 'siobhan'], ['Jürgen', 'jurgen'], ['Sofía', 'sofia'], ['Émile', 'emile'],
  ['雷', 'lei'], ['梅梅', 'meimei'], ['伟', 'wei'], ['芳', 'fang'], ['Yuki', 'yuki'],
  ['Priya', 'priya'], ['Chidi', 'chidi'], ['Ngozi', 'ngozi'], ['Mateo', 'mateo'], ['Fatima', 'fatima'],
  ['Olga', 'olga'], ['Dmitri', 'dmitri'], ['Aoife', 'aoife'], ['Tomás', 'tomas'], ['Ingrid', 'ingrid'],
  ['Arjun', 'arjun'], ['Noa', 'noa'], ['Kai', 'kai'], ['Hannah', 'hannah'], ['Oliver', 'oliver'],
  ['Grace', 'grace'], ['Lucas', 'lucas'], ['Mia', 'mia'], ['Ethan', 'ethan'], ['Ava', 'ava'],
];

export const LAST_NAMES: readonly (readonly [string, string])[] = [
  ['Müller', 'muller'], ['García', 'garcia'], ['Nguyễn', 'nguyen'], ['Kowalski', 'kowalski'], ["O'Brien", 'obrien'],
  ['Johansson', 'johansson'], ['Dubois', 'dubois'], ['Brontë', 'bronte'], ['Øster', 'oster'], ['Fernández', 'fernandez'],
  ['李', 'li'], ['韩', 'han'], ['王', 'wang'], ['张', 'zhang'], ['Tanaka', 'tanaka'],
  ['Sharma', 'sharma'], ['Okafor', 'okafor'], ['Ivanov', 'ivanov'], ['Novák', 'novak'], ['Haddad', 'haddad'],
  ['Silva', 'silva'], ['Kim', 'kim'], ['Rossi', 'rossi'], ['Smith', 'smith'], ['Jones', 'jones'],
  ['Schmidt', 'schmidt'], ['Lefèvre', 'lefevre'], ['Çelik', 'celik'], ['Andersson', 'andersson'], ['Papadopoulos', 'papadopoulos'],
];

export const DEPARTMENTS: readonly string[] = [
  'Engineering', 'Sales', 'Marketing', 'Finance', 'Human Resources', 'Legal', 'Operations', 'Support', 'Research', 'IT',
];

export const TITLES: readonly string[] = [
  'Engineer', 'Senior Engineer', 'Manager', 'Director', 'Analyst', 'Specialist', 'Consultant', 'Designer', 'Administrator', 'Intern',
];

export const ADDRESSES: readonly string[] = [
  '969 Wenyi West Road, Yuhang District, Hangzhou 311121',
  'Musterstraße 12, 80331 München',
  '1 Infinite Loop, Cupertino, CA 95014',
  'Calle de Alcalá 48, 28014 Madrid',
  '北京市朝阳区建国路 88 号',
  '10 Downing Street, London SW1A 2AA',
  'Rue de Rivoli 75, 75001 Paris',
  'ul. Marszałkowska 1, 00-624 Warszawa',
  'Strøget 20, 1160 København',
  '2-1-1 Nihonbashi, Chuo-ku, Tokyo 103-0027',
];

export const SITES: readonly string[] = ['HZ-1', 'SH-2', 'MUC', 'SFO', 'LON', 'SIN'];

export const GROUP_WORDS: readonly string[] = [
  'Platform', 'Payments', 'Identity', 'Data', 'Mobile', 'Web', 'Infra', 'Security', 'Growth', 'Partners',
  'EMEA', 'APAC', 'Americas', 'Leads', 'Contractors', 'On-call', 'Interns', 'Alumni', 'Analytics', 'Compliance',
];
