// The English-only entry: the package root loads every locale, which costs a second at startup.
import { faker } from '@faker-js/faker/locale/en'

/** Company size bands, smallest first; the plan a user buys depends on the band. */
export const COMPANY_SIZES = ['1-10', '11-50', '51-200', '201-1000', '1001+'] as const
const SIZE_WEIGHTS = [35, 30, 18, 11, 6]

/** Industries, as lower-case categories. */
export const INDUSTRIES = [
  'software',
  'financial_services',
  'healthcare',
  'education',
  'retail',
  'manufacturing',
  'media',
  'professional_services',
  'nonprofit',
  'real_estate',
] as const
const INDUSTRY_WEIGHTS = [22, 12, 10, 9, 10, 8, 8, 11, 4, 6]

const TLDS = ['com', 'io', 'co', 'net', 'dev']

/** Who the users are: one entry per user, in signup order. */
export interface Profiles {
  readonly emails: string[]
  /** Index into COMPANY_SIZES. */
  readonly companySize: Uint8Array
  /** Index into INDUSTRIES. */
  readonly industry: Uint8Array
}

function weightedIndex(weights: readonly number[]): number {
  return faker.helpers.weightedArrayElement(weights.map((weight, value) => ({ weight, value })))
}

const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '')

/**
 * People and companies from the seeded English Faker. The loop is synchronous, so nothing else can
 * draw from the shared instance between the seed and the last user: the output depends on the seed only.
 */
export function buildProfiles(count: number, seed: number): Profiles {
  faker.seed(seed)
  const emails: string[] = []
  const seen = new Set<string>()
  const companySize = new Uint8Array(count)
  const industry = new Uint8Array(count)
  for (let i = 0; i < count; i++) {
    const first = slug(faker.person.firstName()) || 'user'
    const last = slug(faker.person.lastName()) || 'name'
    const domain = `${slug(faker.internet.domainWord()) || 'company'}.${faker.helpers.arrayElement(TLDS)}`
    let email = `${first}.${last}@${domain}`
    // Emails identify people in the real product, so keep them unique as it would.
    for (let n = 2; seen.has(email); n++) email = `${first}.${last}${n}@${domain}`
    seen.add(email)
    emails.push(email)
    companySize[i] = weightedIndex(SIZE_WEIGHTS)
    industry[i] = weightedIndex(INDUSTRY_WEIGHTS)
  }
  return { emails, companySize, industry }
}
