// One jest run, three suites: unit (pure rules, stores, components), api (a real server over HTTP),
// e2e (the H5 build in Chromium). scripts/test.mjs builds what the suites need first.
const transform = { '^.+\\.[jt]sx?$': 'babel-jest' }
const transformIgnorePatterns = ['/node_modules/(?!(@tarojs)/)']

module.exports = {
  testTimeout: 30000,
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/tests/unit/**/*.test.ts?(x)'],
      testEnvironment: 'jsdom',
      transform,
      transformIgnorePatterns,
      setupFilesAfterEnv: ['<rootDir>/tests/unit/setup.ts'],
      moduleNameMapper: {
        '^@tarojs/taro$': '<rootDir>/tests/unit/mocks/taro.ts',
        '^@tarojs/components$': '<rootDir>/tests/unit/mocks/components.tsx',
        '\\.(css|scss)$': '<rootDir>/tests/unit/mocks/style.ts'
      }
    },
    {
      displayName: 'api',
      testMatch: ['<rootDir>/tests/api/**/*.test.ts'],
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns
    },
    // the same API suite on PostgreSQL: on whenever a database is offered, and required in CI
    ...(process.env.TEST_PG_URL || process.env.REQUIRE_PG
      ? [
          {
            displayName: 'api-pg',
            testMatch: ['<rootDir>/tests/api/**/*.test.ts'],
            testEnvironment: 'node',
            transform,
            transformIgnorePatterns,
            setupFiles: ['<rootDir>/tests/api/use-postgres.ts']
          }
        ]
      : []),
    // privacy and security (issue 6): IDOR, sessions, throttling, data at rest, retention, citizen rights
    {
      displayName: 'security',
      testMatch: ['<rootDir>/tests/security/**/*.test.ts'],
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns
    },
    ...(process.env.TEST_PG_URL || process.env.REQUIRE_PG
      ? [
          {
            displayName: 'security-pg',
            testMatch: ['<rootDir>/tests/security/**/*.test.ts'],
            testEnvironment: 'node',
            transform,
            transformIgnorePatterns,
            setupFiles: ['<rootDir>/tests/api/use-postgres.ts']
          }
        ]
      : []),
    // hostile clients (issue 11): broken multipart, impossible dates, control characters, proxies, throttles
    {
      displayName: 'hostile',
      testMatch: ['<rootDir>/tests/hostile/**/*.test.ts'],
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns
    },
    ...(process.env.TEST_PG_URL || process.env.REQUIRE_PG
      ? [
          {
            displayName: 'hostile-pg',
            testMatch: ['<rootDir>/tests/hostile/**/*.test.ts'],
            testEnvironment: 'node',
            transform,
            transformIgnorePatterns,
            setupFiles: ['<rootDir>/tests/api/use-postgres.ts']
          }
        ]
      : []),
    {
      displayName: 'ops',
      testMatch: ['<rootDir>/tests/ops/**/*.test.ts'],
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns
    },
    {
      displayName: 'weapp',
      testMatch: ['<rootDir>/tests/weapp/**/*.test.ts'],
      testEnvironment: 'jsdom',
      transform,
      // the compiled mini-program is run as it is, not transformed again
      transformIgnorePatterns: ['/node_modules/(?!(@tarojs)/)', '/dist/']
    },
    // issue 13's accuracy harness: the labelled screenshots through the real OCR reader (minutes, one worker)
    {
      displayName: 'reading',
      testMatch: ['<rootDir>/tests/reading/**/*.test.ts'],
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns
    },
    {
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'],
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      slowTestThreshold: 60
    }
  ]
}
