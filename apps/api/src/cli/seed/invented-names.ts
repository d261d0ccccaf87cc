import type { SeededRandom } from './seeded-random';

/**
 * Invented people only: given names and surnames are drawn independently from common-name lists and combined
 * at random, so no entry describes a real person. Czech surnames take their feminine form (-ová, -á).
 */
const CZECH_GIVEN_FEMALE = [
  'Jana',
  'Eva',
  'Hana',
  'Anna',
  'Lenka',
  'Kateřina',
  'Lucie',
  'Věra',
  'Alena',
  'Petra',
  'Veronika',
  'Jaroslava',
  'Tereza',
  'Martina',
  'Michaela',
  'Zuzana',
  'Markéta',
  'Barbora',
  'Šárka',
  'Radka',
  'Dagmar',
  'Zdeňka',
  'Klára',
  'Bohumila',
  'Ludmila',
  'Kristýna',
  'Adéla',
  'Nikola',
  'Eliška',
  'Vendula',
  'Blanka',
  'Irena',
  'Růžena',
] as const;
const CZECH_GIVEN_MALE = [
  'Jiří',
  'Jan',
  'Petr',
  'Josef',
  'Pavel',
  'Martin',
  'Tomáš',
  'Jaroslav',
  'Miroslav',
  'Zdeněk',
  'Václav',
  'Michal',
  'František',
  'Jakub',
  'Milan',
  'Karel',
  'Lukáš',
  'Ondřej',
  'Vojtěch',
  'Matěj',
  'Radek',
  'Šimon',
  'Stanislav',
  'Vít',
  'Dušan',
  'Bořivoj',
  'Přemysl',
  'Čeněk',
  'Lubomír',
  'Řehoř',
  'Ctirad',
  'Libor',
] as const;
/** [masculine, feminine] */
const CZECH_SURNAMES: readonly (readonly [string, string])[] = [
  ['Novák', 'Nováková'],
  ['Svoboda', 'Svobodová'],
  ['Novotný', 'Novotná'],
  ['Dvořák', 'Dvořáková'],
  ['Černý', 'Černá'],
  ['Procházka', 'Procházková'],
  ['Kučera', 'Kučerová'],
  ['Veselý', 'Veselá'],
  ['Horák', 'Horáková'],
  ['Němec', 'Němcová'],
  ['Pokorný', 'Pokorná'],
  ['Marek', 'Marková'],
  ['Pospíšil', 'Pospíšilová'],
  ['Hájek', 'Hájková'],
  ['Jelínek', 'Jelínková'],
  ['Král', 'Králová'],
  ['Růžička', 'Růžičková'],
  ['Beneš', 'Benešová'],
  ['Fiala', 'Fialová'],
  ['Sedláček', 'Sedláčková'],
  ['Doležal', 'Doležalová'],
  ['Zeman', 'Zemanová'],
  ['Kolář', 'Kolářová'],
  ['Navrátil', 'Navrátilová'],
  ['Čermák', 'Čermáková'],
  ['Vaněk', 'Vaňková'],
  ['Urban', 'Urbanová'],
  ['Blažek', 'Blažková'],
  ['Kříž', 'Křížová'],
  ['Kovář', 'Kovářová'],
  ['Bartoš', 'Bartošová'],
  ['Vlček', 'Vlčková'],
  ['Šťastný', 'Šťastná'],
  ['Říha', 'Říhová'],
  ['Žák', 'Žáková'],
  ['Šimek', 'Šimková'],
  ['Hrubý', 'Hrubá'],
  ['Matoušek', 'Matoušková'],
  ['Bečvář', 'Bečvářová'],
  ['Štěpánek', 'Štěpánková'],
];

export interface Origin {
  readonly country: string;
  readonly languages: readonly string[];
  readonly given: readonly string[];
  readonly surnames: readonly string[];
  /** Share of foreign residents in the program from this country. */
  readonly weight: number;
}

/** Names written as they usually appear in Czech records (Czech transliteration, Vietnamese diacritics kept). */
export const ORIGINS: readonly Origin[] = [
  {
    country: 'UA',
    languages: ['uk', 'ru'],
    given: [
      'Olena',
      'Oksana',
      'Iryna',
      'Natalija',
      'Tetjana',
      'Oleksandr',
      'Andrij',
      'Serhij',
      'Mykola',
      'Jurij',
      'Halyna',
      'Bohdan',
      'Dmytro',
      'Svitlana',
    ],
    surnames: [
      'Ševčenko',
      'Kovalenko',
      'Bondarenko',
      'Tkačenko',
      'Kravčenko',
      'Melnyk',
      'Oliinyk',
      'Moroz',
      'Savčuk',
      'Lysenko',
      'Ščerbak',
      'Hrycenko',
    ],
    weight: 40,
  },
  {
    country: 'VN',
    languages: ['vi'],
    given: [
      'Thị Hương',
      'Văn Đức',
      'Thị Lan',
      'Minh Tuấn',
      'Thị Ngọc',
      'Quốc Bảo',
      'Thu Hà',
      'Đức Anh',
      'Thị Thủy',
      'Hoàng Nam',
    ],
    surnames: ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô'],
    weight: 15,
  },
  {
    country: 'SY',
    languages: ['ar'],
    given: ['Ahmad', 'Fátima', 'Chálid', 'Rím', 'Omar', 'Lajla', 'Júsuf', 'Nadja', 'Samír', 'Hiba'],
    surnames: ['Al-Chatíb', 'Haddád', 'Sabbágh', 'Darwíš', 'Kassáb', 'Naddžár', 'Masrí', 'Hallák'],
    weight: 8,
  },
  {
    country: 'AF',
    languages: ['fa', 'ps'],
    given: ['Zahra', 'Ahmad Šáh', 'Farída', 'Mohammad Rezá', 'Parísa', 'Hamíd', 'Marjam', 'Nadžíb'],
    surnames: ['Ahmadí', 'Rahímí', 'Hakímí', 'Saídí', 'Karímí', 'Noorí', 'Hajdarí'],
    weight: 7,
  },
  {
    country: 'RU',
    languages: ['ru'],
    given: ['Jekatěrina', 'Anastasija', 'Dmitrij', 'Sergej', 'Taťána', 'Alexej', 'Julija', 'Vladimír'],
    surnames: ['Kuzněcov', 'Smirnov', 'Popov', 'Sokolov', 'Lebeděv', 'Kozlov', 'Morozov', 'Volkov'],
    weight: 8,
  },
  {
    country: 'BY',
    languages: ['be', 'ru'],
    given: ['Aljaksandra', 'Volha', 'Siarhej', 'Hanna', 'Andrej', 'Maryja', 'Pavel', 'Natallja'],
    surnames: ['Kavaljou', 'Navumčyk', 'Ščurko', 'Bahdanovič', 'Žuk', 'Hrynevič'],
    weight: 6,
  },
  {
    country: 'MN',
    languages: ['mn'],
    given: ['Bajarmaa', 'Ganbold', 'Očirbat', 'Sarangerel', 'Batbajar', 'Enchtujá', 'Tömör', 'Cecegmaa'],
    surnames: ['Batdordž', 'Dordžsüren', 'Gantulga', 'Erdenebat', 'Sühbaatar', 'Čuluun'],
    weight: 6,
  },
  {
    country: 'GE',
    languages: ['ka', 'ru'],
    given: ['Nino', 'Giorgi', 'Tamar', 'Levan', 'Ketevan', 'Davit', 'Mariam', 'Irakli'],
    surnames: ['Beridze', 'Kapanadze', 'Gelašvili', 'Macharašvili', 'Lomidze', 'Džaparidze'],
    weight: 5,
  },
  {
    country: 'KZ',
    languages: ['kk', 'ru'],
    given: ['Ajgerim', 'Nurlan', 'Dana', 'Jerlan', 'Asel', 'Bauyržan', 'Gulnara', 'Timur'],
    surnames: ['Nurlanov', 'Abenov', 'Serikbajev', 'Tulegenov', 'Žumabajev', 'Kassymov'],
    weight: 5,
  },
];

export interface InventedPerson {
  readonly name: string;
  readonly emailLocalPart: string;
}

const ascii = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z]+/g, '.')
    .replace(/^\.+|\.+$/g, '');

export function inventCzechPerson(random: SeededRandom): InventedPerson {
  const female = random.chance(0.62);
  const given = random.pick(female ? CZECH_GIVEN_FEMALE : CZECH_GIVEN_MALE);
  const [masculine, feminine] = random.pick(CZECH_SURNAMES);
  const surname = female ? feminine : masculine;
  return {
    name: `${given} ${surname}`,
    emailLocalPart: `${ascii(given)}.${ascii(surname)}${random.int(1, 99)}`,
  };
}

export function inventForeignPerson(random: SeededRandom, origin: Origin): InventedPerson {
  const given = random.pick(origin.given);
  const surname = random.pick(origin.surnames);
  // Vietnamese names are written family name first, as on residence permits.
  const name = origin.country === 'VN' ? `${surname} ${given}` : `${given} ${surname}`;
  return { name, emailLocalPart: `${ascii(given)}.${ascii(surname)}${random.int(1, 99)}` };
}

export function pickOrigin(random: SeededRandom): Origin {
  return random.weighted(ORIGINS.map((origin) => [origin, origin.weight] as const));
}

/** RFC 2606 domains: an invented address can never reach anyone. */
export const EMAIL_DOMAINS = ['example.org', 'example.net', 'example.com'] as const;

/** A Czech mobile number in the 7xx/6xx ranges, formatted as people write it. */
export function inventPhone(random: SeededRandom): string {
  const digits = (count: number) => Array.from({ length: count }, () => random.int(0, 9)).join('');
  return `+420 ${random.pick(['6', '7'])}${digits(2)} ${digits(3)} ${digits(3)}`;
}
